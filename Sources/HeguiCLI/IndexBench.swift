import ArgumentParser
import Foundation
import Retrieval
import SyntheticData

/// `hegui bench index`: sync throughput, index size and hybrid search latency on generated regulations.
struct IndexBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Sync throughput, index size per chunk, and top-5 hybrid search p50/p99 on generated chunks.")
    @Option(help: "Chunks to generate (articles).") var chunks = 100_000
    @Option(help: "Articles per generated document.") var articlesPerDocument = 100
    @Option(help: "Search queries to time.") var queries = 300
    @Option(help: "Keep the generated regulations and indexes in this folder instead of a temporary one.") var keep: String?

    /// Phrases regulation text is made of; documents are seeded random sequences of them.
    static let phrases = [
        "银行业金融机构", "应当建立健全", "个人信息保护制度", "持卡人", "发卡银行", "挂失手续", "信用卡年费", "违约金", "透支利息",
        "消费者金融信息", "明示同意", "不得擅自", "投诉处理机制", "十五日内", "作出处理决定", "风险管理", "可疑交易", "监测",
        "身份证件", "有效证明", "账户信息", "交易记录", "保密责任", "安全技术措施", "去标识化", "加密", "委托处理", "第三方",
        "催收", "不得采用暴力", "威胁", "资信调查", "还款能力", "授信额度", "分期付款", "手续费", "利率", "罚金", "盗窃", "诈骗",
        "反洗钱", "大额交易", "报告", "监督管理", "行政处罚", "责令改正", "警告", "罚款", "吊销", "营业执照", "电子银行", "网上支付",
        "支付机构", "备付金", "清算", "结算账户", "开户", "销户", "冻结", "扣划", "司法机关", "查询", "协助执行",
    ]

    func run() async throws {
        let folder = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("hegui-index-bench-\(UUID().uuidString)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
        let regulations = folder.appendingPathComponent("regs")
        try FileManager.default.createDirectory(at: regulations, withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: 20261121)
        let vocabulary = ZipfVocabulary(phrases: IndexBench.phrases, size: 20_000, using: &generator)
        let documents = max(1, chunks / articlesPerDocument)
        var titles: [String] = []
        for document in 0..<documents {
            let title = "示例监管办法第\(document)号"
            titles.append(title)
            var text = "---\nid: bench-\(document)\ntitle: \(title)\nissuer: 示例监管机构\(document % 7)\ndoc_no: 示例〔2026〕\(document)号\neffective: 2020-01-01\n---\n"
            for article in 1...articlesPerDocument {
                if article % 20 == 1 { text += "第\(ChineseNumeral.format(article / 20 + 1))章 第\(article / 20 + 1)部分\n" }
                let words = (0..<Int.random(in: 8...24, using: &generator)).map { _ in vocabulary.word(using: &generator) }
                text += "第\(ChineseNumeral.format(article))条 " + words.joined(separator: "，") + "。\n"
            }
            try text.write(to: regulations.appendingPathComponent("bench-\(document).md"), atomically: true, encoding: .utf8)
        }
        let total = documents * articlesPerDocument
        report("generated \(documents) documents, \(total) articles")

        let clock = ContinuousClock()
        let lexicalPath = folder.appendingPathComponent("lexical.sqlite").path
        var started = clock.now
        let lexical = try RegulationIndex(path: lexicalPath, embedder: nil)
        let lexicalReport = try await lexical.sync(directory: regulations.path)
        var seconds = elapsed(clock.now - started)
        let lexicalStats = try lexical.stats()
        report("sync, lexical only: \(lexicalReport.clauseCount) chunks in \(f(seconds)) s = \(Int(Double(lexicalReport.clauseCount) / seconds)) chunks/s; \(lexicalStats.bytesPerChunk) bytes per chunk")

        started = clock.now
        let hybrid = try RegulationIndex(path: folder.appendingPathComponent("hybrid.sqlite").path, embedder: HashedNgramEmbedder())
        let hybridReport = try await hybrid.sync(directory: regulations.path)
        seconds = elapsed(clock.now - started)
        let hybridStats = try hybrid.stats()
        report("sync, with hashed-ngram vectors (256-d): \(hybridReport.clauseCount) chunks in \(f(seconds)) s = \(Int(Double(hybridReport.clauseCount) / seconds)) chunks/s; \(hybridStats.bytesPerChunk) bytes per chunk")

        BLASThreads.limit(to: 1)
        // The first search of each index loads its served chunks (and vectors) into memory once.
        started = clock.now
        _ = try await hybrid.search("预热", top: 5)
        report("first search (loads \(hybridReport.clauseCount) chunks and vectors): \(f(elapsed(clock.now - started) * 1000)) ms")
        _ = try await lexical.search("预热", top: 5)
        var latencies: [Double] = []
        var lexicalLatencies: [Double] = []
        var byKind: [[Double]] = [[], [], []]
        var unanswered: [String] = []
        for n in 0..<queries {
            let query: String
            switch n % 3 {
            case 0: query = (0..<3).map { _ in vocabulary.word(using: &generator) }.joined()
            case 1: query = "持卡人的\(vocabulary.word(using: &generator))应当如何处理？"
            default: query = "《\(titles.randomElement(using: &generator)!)》第\(ChineseNumeral.format(Int.random(in: 1...articlesPerDocument, using: &generator)))条"
            }
            let start = clock.now
            let hits = try await hybrid.search(query, top: 5)
            latencies.append(elapsed(clock.now - start) * 1000)
            byKind[n % 3].append(latencies.last!)
            if hits.isEmpty {
                if unanswered.isEmpty { report("no hit for \(query)") }
                unanswered.append(query)
            }
            let lexicalStart = clock.now
            _ = try await lexical.search(query, top: 5)
            lexicalLatencies.append(elapsed(clock.now - lexicalStart) * 1000)
        }
        for (kind, values) in zip(["three words", "question", "explicit reference"], byKind) {
            let sorted = values.sorted()
            report("  hybrid, \(kind) queries: p50 \(f(sorted[sorted.count / 2])) ms, max \(f(sorted.last!)) ms")
        }
        if !unanswered.isEmpty { report("\(unanswered.count) of \(queries) queries found nothing") }
        lexicalLatencies.sort()
        report("top-5 lexical-only search: p50 \(f(lexicalLatencies[lexicalLatencies.count / 2])) ms, p99 \(f(lexicalLatencies[min(lexicalLatencies.count - 1, lexicalLatencies.count * 99 / 100)])) ms")
        latencies.sort()
        let p50 = latencies[latencies.count / 2], p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
        report("top-5 hybrid search over \(hybridReport.clauseCount) chunks: p50 \(f(p50)) ms, p99 \(f(p99)) ms, max \(f(latencies.last!)) ms (\(queries) queries, 1 BLAS thread)")

        // A neural embedder's query vector is dense: every column of the matrix is read (sgemv).
        let dimension = 384
        let dense = VectorMatrix(dimension: dimension, rowMajor: (0..<(total * dimension)).map { _ in Float.random(in: -1...1, using: &generator) })
        var denseLatencies: [Double] = []
        for _ in 0..<50 {
            let query = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
            let start = clock.now
            _ = VectorMatrix.topK(dense.scores(for: query), k: 50) { _ in true }
            denseLatencies.append(elapsed(clock.now - start) * 1000)
        }
        denseLatencies.sort()
        report("dense \(dimension)-d query vector, exact scores and top-50 over \(total) rows (sgemv): p50 \(f(denseLatencies[25])) ms, max \(f(denseLatencies.last!)) ms")
    }

    private func report(_ line: String) { FileHandle.standardError.write(Data("hegui bench index: \(line)\n".utf8)) }
    private func elapsed(_ duration: Duration) -> Double { Double(duration / .microseconds(1)) / 1_000_000 }
    private func f(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// Words for generated regulations with a Zipf (s = 1) frequency distribution, as natural text has:
/// the given phrases are the most frequent words, followed by made-up words of two to four common
/// Chinese characters. A uniform choice among a few phrases would make every term appear in most
/// chunks, which no real corpus does.
struct ZipfVocabulary {
    let words: [String]
    let cumulative: [Double]

    static let characters = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质")

    init(phrases: [String], size: Int, using generator: inout SeededGenerator) {
        var words = phrases
        while words.count < size {
            let length = Int.random(in: 2...4, using: &generator)
            words.append(String((0..<length).map { _ in ZipfVocabulary.characters.randomElement(using: &generator)! }))
        }
        self.words = words
        var total = 0.0
        cumulative = words.indices.map { rank in
            total += 1 / Double(rank + 1)
            return total
        }
    }

    func word(using generator: inout SeededGenerator) -> String {
        let target = Double.random(in: 0..<cumulative.last!, using: &generator)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return words[low]
    }
}
