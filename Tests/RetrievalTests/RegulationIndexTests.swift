import Foundation
import Testing
@testable import Retrieval

@Suite("Regulation index")
struct RegulationIndexTests {
    /// A temporary folder with regulations, removed when the test ends.
    final class Workspace: @unchecked Sendable {
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
        /// A handle on the workspace's index. It reads the index version on every search unless
        /// told otherwise, so a sync through another handle is seen by the next search.
        func index(_ embedder: (any Embedder)? = HashedNgramEmbedder(), versionRecheckInterval: Duration = .zero) throws -> RegulationIndex {
            try RegulationIndex(path: root.appendingPathComponent("index.sqlite").path, embedder: embedder,
                                versionRecheckInterval: versionRecheckInterval)
        }
    }

    static func document(id: String, title: String, effective: String = "2020-01-01", repealed: String? = nil,
                         issuer: String = "测试机构", articles: [String]) -> String {
        var text = "---\nid: \(id)\ntitle: \(title)\nissuer: \(issuer)\ndoc_no: 测试〔2020〕1号\neffective: \(effective)\n"
        if let repealed { text += "repealed: \(repealed)\n" }
        text += "---\n"
        for (index, article) in articles.enumerated() { text += "第\(ChineseNumeral.format(index + 1))条 \(article)\n" }
        return text
    }

    @Test("A two-character term is found, with citation, version and index version")
    func twoCharacterTerms() async throws {
        let workspace = try Workspace()
        try workspace.write("criminal.md", Self.document(id: "crim", title: "刑罚示例规定", articles: [
            "本规定适用于示例。", "犯盗窃罪的，处三年以下有期徒刑，并处或者单处罚金。", "其他事项另行规定。",
        ]))
        let index = try workspace.index()
        let report = try await index.sync(directory: workspace.regulations.path)
        #expect(report.added == ["crim"])
        #expect(report.clauseCount == 3)
        for term in ["罚金", "盗窃"] {
            let hits = try await index.search(term, top: 1)
            #expect(hits.first?.articleNumber == 2, "\(term)")
            #expect(hits.first?.citation == "《刑罚示例规定》第二条")
            #expect(hits.first?.citationKey.hasPrefix("crim@") == true)
            #expect(hits.first?.lexicalScore != nil)
            #expect(hits.first?.indexVersion == 1)
        }
    }

    @Test("Re-sync is idempotent; a changed file becomes a new version, the old one stays readable; a removed one stops being served")
    func versioning() async throws {
        let workspace = try Workspace()
        try workspace.write("a.md", Self.document(id: "a", title: "甲办法", articles: ["甲的第一条。", "甲的第二条，不变。"]))
        try workspace.write("b.md", Self.document(id: "b", title: "乙办法", articles: ["乙的第一条。"]))
        let index = try workspace.index()
        let first = try await index.sync(directory: workspace.regulations.path)
        #expect(first.embedded == 3)
        let again = try await index.sync(directory: workspace.regulations.path)
        #expect(again.unchanged == ["a", "b"])
        #expect(again.added.isEmpty && again.changed.isEmpty && again.removed.isEmpty)
        #expect(again.embedded == 0)
        #expect(again.indexVersion == 2)

        let oldVersion = try #require(try await index.search("甲的第一条", top: 1).first?.version)
        try workspace.write("a.md", Self.document(id: "a", title: "甲办法", articles: ["甲的第一条已修订，新增挂失条款。", "甲的第二条，不变。"]))
        try FileManager.default.removeItem(at: workspace.regulations.appendingPathComponent("b.md"))
        let third = try await index.sync(directory: workspace.regulations.path)
        #expect(third.changed == ["a"])
        #expect(third.removed == ["b"])
        #expect(third.embedded == 1, "the unchanged article keeps its vector")
        #expect(try index.clauseCount() == 2)
        #expect(try await index.search("乙办法").allSatisfy { $0.documentID == "a" })
        let revised = try #require(try await index.search("挂失", top: 1).first)
        #expect(revised.text.contains("已修订"))
        #expect(revised.version != oldVersion)

        let (versions, clauses) = try index.show(documentID: "a")
        #expect(versions.map(\.status) == ["current", "superseded"])
        #expect(versions.map(\.version).last == oldVersion)
        #expect(versions.first?.addedIn == 3)
        #expect(versions.last?.retiredIn == 3)
        #expect(clauses.count == 2)
        #expect(try index.show(documentID: "b").versions.map(\.status) == ["removed"])
        let stats = try index.stats()
        #expect(stats.currentDocuments == 1)
        #expect(stats.retiredVersions == 2)
        #expect(stats.storedChunks == 5)
        #expect(stats.servedChunks == 2)
    }

    @Test("Bad files are reported with file and line and skipped; the rest is indexed")
    func badFilesSkipped() async throws {
        let workspace = try Workspace()
        try workspace.write("good.md", Self.document(id: "good", title: "好办法", articles: ["正常条文。"]))
        try workspace.write("no-front-matter.md", "第一条 没有前言。\n")
        try workspace.write("z-duplicate.md", Self.document(id: "good", title: "重复办法", articles: ["重复。"]))
        let report = try await workspace.index().sync(directory: workspace.regulations.path)
        #expect(report.added == ["good"])
        // Files are read in name order, so the later file with a taken id is the one skipped.
        #expect(report.skipped.map(\.file).sorted() == ["no-front-matter.md", "z-duplicate.md"])
        #expect(report.skipped.contains { $0.problem.contains("duplicate id") })
    }

    @Test("A document whose file became unreadable stays served at its last good version, reported as kept, not removed")
    func unreadableFileKeepsDocument() async throws {
        let workspace = try Workspace()
        try workspace.write("a.md", Self.document(id: "a", title: "甲办法", articles: ["甲的挂失条款。"]))
        try workspace.write("b.md", Self.document(id: "b", title: "乙办法", articles: ["乙的冻结条款。"]))
        let index = try workspace.index()
        _ = try await index.sync(directory: workspace.regulations.path)
        let served = try #require(try await index.search("挂失", top: 1).first)

        // A broken front matter (an editor lost the first line), and another file deleted.
        try workspace.write("a.md", "id: a\ntitle: 甲办法\n---\n第一条 甲的挂失条款已修订。\n")
        try FileManager.default.removeItem(at: workspace.regulations.appendingPathComponent("b.md"))
        let report = try await index.sync(directory: workspace.regulations.path)
        #expect(report.skipped.map(\.file) == ["a.md"])
        #expect(report.kept == [KeptDocument(documentID: "a", unreadable: report.skipped[0])])
        #expect(report.kept.first?.unreadable.file == "a.md")
        #expect(report.removed == ["b"], "a file that is gone still withdraws its document")
        let still = try #require(try await index.search("挂失", top: 1).first)
        #expect(still.documentID == "a" && still.version == served.version && !still.text.contains("已修订"))
        #expect(try index.show(documentID: "a").versions.map(\.status) == ["current"])
        #expect(report.summary.contains("kept 1"))
    }

    @Test("A sync that would serve nothing where documents were served is refused and changes nothing, unless allowed")
    func emptyFolderRefused() async throws {
        let workspace = try Workspace()
        try workspace.write("a.md", Self.document(id: "a", title: "甲办法", articles: ["甲的挂失条款。"]))
        let index = try workspace.index()
        _ = try await index.sync(directory: workspace.regulations.path)
        let empty = workspace.root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try "not a regulation".write(to: empty.appendingPathComponent("notes.csv"), atomically: true, encoding: .utf8)

        do {
            _ = try await index.sync(directory: empty.path)
            Issue.record("an empty folder must not withdraw every document")
        } catch let error as RetrievalError {
            guard case .wouldRemoveEverything(let directory, let documents) = error else { throw error }
            #expect(directory == empty.path && documents == 1)
            #expect(error.description.contains("--allow-removing-all"))
        }
        #expect(try index.clauseCount() == 1)
        #expect(try index.stats().indexVersion == 1, "a refused sync writes no index version")

        let withdrawn = try await index.sync(directory: empty.path, allowRemovingAll: true)
        #expect(withdrawn.removed == ["a"])
        #expect(try index.clauseCount() == 0)
        // An empty index may be synced with an empty folder: nothing is withdrawn.
        #expect(try await index.sync(directory: empty.path).removed.isEmpty)
    }

    @Test("A folder that does not exist is a clear error naming it")
    func missingFolder() async throws {
        let workspace = try Workspace()
        let missing = workspace.root.appendingPathComponent("no-such-folder").path
        do {
            _ = try await workspace.index().sync(directory: missing)
            Issue.record("a missing folder must be an error")
        } catch let error as RetrievalError {
            guard case .folderNotFound(let path) = error else { throw error }
            #expect(path == missing)
            #expect(error.description.hasPrefix("regulations folder not found: \(missing)"))
        }
    }

    @Test("Documents not yet in force or already repealed are not served; filters by document and issuer")
    func inForceAndFilters() async throws {
        let workspace = try Workspace()
        try workspace.write("future.md", Self.document(id: "future", title: "未来办法", effective: "2999-01-01", articles: ["未来的挂失规定。"]))
        try workspace.write("now.md", Self.document(id: "now", title: "现行办法", issuer: "甲机构", articles: ["现行的挂失规定。"]))
        try workspace.write("old.md", Self.document(id: "old", title: "废止办法", repealed: "2021-01-01", articles: ["废止的挂失规定。"]))
        let index = try workspace.index()
        _ = try await index.sync(directory: workspace.regulations.path)
        #expect(try await index.search("挂失规定").map(\.documentID) == ["now"])
        #expect(Set(try await index.search("挂失规定", filters: SearchFilters(date: "2999-06-01")).map(\.documentID)) == ["now", "future"])
        #expect(Set(try await index.search("挂失规定", filters: SearchFilters(date: "2020-06-01")).map(\.documentID)) == ["now", "old"])
        #expect(try await index.search("挂失规定", filters: SearchFilters(date: "2020-06-01", documentIDs: ["old"])).map(\.documentID) == ["old"])
        #expect(try await index.search("挂失规定", filters: SearchFilters(date: "2020-06-01", issuer: "甲机构")).map(\.documentID) == ["now"])
    }

    @Test("Explicit references resolve by exact lookup, ahead of search results")
    func explicitReferences() async throws {
        let workspace = try Workspace()
        try workspace.write("pipl.md", Self.document(id: "pipl", title: "中华人民共和国个人信息保护法", articles: (1...30).map { "个人信息第\($0)条的内容。" }))
        try workspace.write("card.md", Self.document(id: "card", title: "银行卡业务管理办法", articles: (1...40).map { "银行卡第\($0)条的内容。" }))
        let index = try workspace.index()
        _ = try await index.sync(directory: workspace.regulations.path)
        for query in ["《个人信息保护法》第二十八条规定了什么", "个人信息保护法第28条", "《中华人民共和国个人信息保护法》第二十八条"] {
            let first = try #require(try await index.search(query, top: 3).first, "\(query)")
            #expect(first.documentID == "pipl", "\(query)")
            #expect(first.articleNumber == 28, "\(query)")
            #expect(first.matchedBy == "reference")
            #expect(first.citation == "《中华人民共和国个人信息保护法》第二十八条")
        }
        // Without a title, the article is looked up in the document the rest of the question points to.
        let bare = try await index.search("银行卡的第36条", top: 3)
        #expect(bare.first?.documentID == "card")
        #expect(bare.first?.articleNumber == 36)
        #expect(bare.first?.matchedBy == "reference")
    }

    @Test("A batch search (one sgemm) returns the same hits as single searches")
    func batchEqualsSingle() async throws {
        let workspace = try Workspace()
        try workspace.write("card.md", Self.document(id: "card", title: "银行卡示例办法", articles: [
            "为了规范银行卡业务，制定本办法。", "持卡人丧失银行卡，应当立即向发卡银行申请挂失。", "发卡银行应当公布收费标准。", "信用卡年费按规定收取。",
        ]))
        let index = try workspace.index()
        _ = try await index.sync(directory: workspace.regulations.path)
        let queries = ["银行卡丢了怎么办", "年费", "收费标准是什么"]
        let batch = try await index.searchBatch(queries, top: 3)
        for (query, hits) in zip(queries, batch) {
            let single = try await index.search(query, top: 3)
            #expect(hits.map(\.citationKey) == single.map(\.citationKey), "\(query)")
        }
    }

    @Test("Searching or syncing with a different embedder is a clear error until --reembed")
    func embedderMismatch() async throws {
        let workspace = try Workspace()
        try workspace.write("a.md", Self.document(id: "a", title: "甲办法", articles: ["甲的第一条。"]))
        _ = try await workspace.index().sync(directory: workspace.regulations.path)
        let other = try workspace.index(HashedNgramEmbedder(dimension: 64))
        await #expect(throws: RetrievalError.self) { try await other.search("甲") }
        await #expect(throws: RetrievalError.self) { try await other.sync(directory: workspace.regulations.path) }
        let rebuilt = try await other.sync(directory: workspace.regulations.path, reembed: true)
        #expect(rebuilt.embedded == 1)
        #expect(try await other.search("甲的第一条").first?.documentID == "a")
    }

    @Test("A lexical-only index searches with BM25 alone")
    func lexicalOnly() async throws {
        let workspace = try Workspace()
        try workspace.write("a.md", Self.document(id: "a", title: "甲办法", articles: ["信用卡年费的规定。", "其他。"]))
        let index = try workspace.index(nil)
        let report = try await index.sync(directory: workspace.regulations.path)
        #expect(report.embedded == 0)
        let hit = try #require(try await index.search("年费").first)
        #expect(hit.articleNumber == 1)
        #expect(hit.vectorScore == nil)
        #expect(try index.stats().vectors == 0)
    }

    @Test("Unrelated questions retrieve nothing; related ones retrieve the right clause")
    func relevanceFloor() async throws {
        let workspace = try Workspace()
        try workspace.write("card.md", Self.document(id: "card", title: "银行卡示例办法", articles: [
            "为了规范银行卡业务，制定本办法。", "持卡人丧失银行卡，应当立即向发卡银行申请挂失。", "发卡银行应当公布收费标准。",
        ]))
        let index = try workspace.index()
        _ = try await index.sync(directory: workspace.regulations.path)
        #expect(try await index.search("xyz").isEmpty)
        #expect(try await index.search("今天天气怎么样").isEmpty)
        #expect(try await index.search("我的银行卡丢了，怎么挂失？", top: 1).first?.articleNumber == 2)
    }

    @Test("Uploading one document adds or replaces it and leaves the others alone")
    func upsert() async throws {
        let workspace = try Workspace()
        try workspace.write("a.md", Self.document(id: "a", title: "甲办法", articles: ["甲的第一条。"]))
        let index = try workspace.index()
        _ = try await index.sync(directory: workspace.regulations.path)
        let report = try await index.upsert(source: Data(Self.document(id: "b", title: "乙办法", articles: ["乙的挂失条文。"]).utf8), name: "b.md")
        #expect(report.added == ["b"])
        #expect(report.removed.isEmpty)
        #expect(try index.stats().currentDocuments == 2)
    }
}
