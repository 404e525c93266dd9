import Foundation
import Testing
@testable import Retrieval

@Suite("Regulation index")
struct RegulationIndexTests {
    /// A temporary folder with regulations, removed when the test ends.
    final class Workspace {
        let root: URL
        let regulations: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-index-\(UUID().uuidString)")
            regulations = root.appendingPathComponent("regs")
            try FileManager.default.createDirectory(at: regulations, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: root) }

        func write(_ name: String, _ text: String) throws {
            try text.write(to: regulations.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        func index() throws -> RegulationIndex { try RegulationIndex(path: root.appendingPathComponent("index.sqlite").path) }
    }

    static func document(id: String, title: String, effective: String = "2020-01-01", articles: [String]) -> String {
        var text = "---\nid: \(id)\ntitle: \(title)\nissuer: 测试机构\ndoc_no: 测试〔2020〕1号\neffective: \(effective)\n---\n"
        for (index, article) in articles.enumerated() { text += "第\(ChineseNumeral.format(index + 1))条 \(article)\n" }
        return text
    }

    @Test("A two-character term is found, with citation and version")
    func twoCharacterTerms() throws {
        let workspace = try Workspace()
        try workspace.write("criminal.md", Self.document(id: "crim", title: "刑罚示例规定", articles: [
            "本规定适用于示例。", "犯盗窃罪的，处三年以下有期徒刑，并处或者单处罚金。", "其他事项另行规定。",
        ]))
        let index = try workspace.index()
        let report = try index.sync(directory: workspace.regulations.path)
        #expect(report.added == ["crim"])
        #expect(report.clauseCount == 3)
        for term in ["罚金", "盗窃"] {
            let hits = try index.search(term, top: 1)
            #expect(hits.first?.articleNumber == 2, "\(term)")
            #expect(hits.first?.citation == "《刑罚示例规定》第二条")
            #expect(hits.first?.citationKey.hasPrefix("crim@") == true)
        }
    }

    @Test("Re-sync is idempotent; a changed file is replaced and a removed one dropped")
    func incrementalSync() throws {
        let workspace = try Workspace()
        try workspace.write("a.md", Self.document(id: "a", title: "甲办法", articles: ["甲的第一条。"]))
        try workspace.write("b.md", Self.document(id: "b", title: "乙办法", articles: ["乙的第一条。"]))
        let index = try workspace.index()
        _ = try index.sync(directory: workspace.regulations.path)
        let again = try index.sync(directory: workspace.regulations.path)
        #expect(again.unchanged == ["a", "b"])
        #expect(again.added.isEmpty && again.changed.isEmpty && again.removed.isEmpty)
        #expect(again.indexVersion == 2)

        try workspace.write("a.md", Self.document(id: "a", title: "甲办法", articles: ["甲的第一条已修订，新增挂失条款。", "甲的第二条。"]))
        try FileManager.default.removeItem(at: workspace.regulations.appendingPathComponent("b.md"))
        let third = try index.sync(directory: workspace.regulations.path)
        #expect(third.changed == ["a"])
        #expect(third.removed == ["b"])
        #expect(try index.clauseCount() == 2)
        #expect(try index.search("乙办法").allSatisfy { $0.documentID == "a" })
        #expect(try index.search("挂失", top: 1).first?.text.contains("已修订") == true)
    }

    @Test("Bad files are reported with file and line and skipped; the rest is indexed")
    func badFilesSkipped() throws {
        let workspace = try Workspace()
        try workspace.write("good.md", Self.document(id: "good", title: "好办法", articles: ["正常条文。"]))
        try workspace.write("no-front-matter.md", "第一条 没有前言。\n")
        try workspace.write("z-duplicate.md", Self.document(id: "good", title: "重复办法", articles: ["重复。"]))
        let report = try workspace.index().sync(directory: workspace.regulations.path)
        #expect(report.added == ["good"])
        // Files are read in name order, so the later file with a taken id is the one skipped.
        #expect(report.skipped.map(\.file).sorted() == ["no-front-matter.md", "z-duplicate.md"])
        #expect(report.skipped.contains { $0.problem.contains("duplicate id") })
    }

    @Test("Documents not yet in force are not served")
    func inForceFilter() throws {
        let workspace = try Workspace()
        try workspace.write("future.md", Self.document(id: "future", title: "未来办法", effective: "2999-01-01", articles: ["未来的挂失规定。"]))
        try workspace.write("now.md", Self.document(id: "now", title: "现行办法", articles: ["现行的挂失规定。"]))
        let index = try workspace.index()
        _ = try index.sync(directory: workspace.regulations.path)
        #expect(try index.search("挂失规定").map(\.documentID) == ["now"])
        #expect(Set(try index.search("挂失规定", inForceOn: "2999-06-01").map(\.documentID)) == ["now", "future"])
    }

    @Test("Searching with a different embedder than the index was built with is a clear error")
    func embedderMismatch() throws {
        let workspace = try Workspace()
        try workspace.write("a.md", Self.document(id: "a", title: "甲办法", articles: ["甲的第一条。"]))
        _ = try workspace.index().sync(directory: workspace.regulations.path)
        let other = try RegulationIndex(path: workspace.root.appendingPathComponent("index.sqlite").path,
                                        embedder: HashedNgramEmbedder(dimension: 64))
        #expect(throws: RetrievalError.self) { try other.search("甲") }
    }
}

@Suite("Regulation index relevance")
struct RegulationIndexRelevanceTests {
    @Test("Unrelated questions retrieve nothing; related ones retrieve the right clause")
    func relevanceFloor() throws {
        let workspace = try RegulationIndexTests.Workspace()
        try workspace.write("card.md", RegulationIndexTests.document(id: "card", title: "银行卡示例办法", articles: [
            "为了规范银行卡业务，制定本办法。", "持卡人丧失银行卡，应当立即向发卡银行申请挂失。", "发卡银行应当公布收费标准。",
        ]))
        let index = try workspace.index()
        _ = try index.sync(directory: workspace.regulations.path)
        #expect(try index.search("xyz").isEmpty)
        #expect(try index.search("今天天气怎么样").isEmpty)
        #expect(try index.search("我的银行卡丢了，怎么挂失？", top: 1).first?.articleNumber == 2)
    }
}
