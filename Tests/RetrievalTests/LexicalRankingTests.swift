import Foundation
import GRDB
import Testing
@testable import Retrieval

@Suite("Lexical ranking")
struct LexicalRankingTests {
    typealias Workspace = RegulationIndexTests.Workspace

    /// Articles where the query's bigrams occur once, twice, three and four times, in texts of
    /// different lengths, so term frequency and length normalisation both matter.
    static let articles = [
        "持卡人应当妥善保管银行卡。",
        "持卡人遗失银行卡的，持卡人应当及时挂失。",
        "挂失挂失：持卡人办理挂失手续，发卡银行应当受理挂失。",
        "银行卡年费由发卡机构公布，银行卡年费标准应当明示，年费不得擅自提高，年费减免另行规定。",
        "发卡银行应当建立投诉处理机制。",
        "其他事项。",
    ]

    @Test("BM25 computed from FTS5 postings equals FTS5's own bm25() over the same tokens")
    func bm25MatchesFTS5() async throws {
        let workspace = try Workspace()
        try workspace.write("card.md", RegulationIndexTests.document(id: "card", title: "银行卡示例办法", articles: Self.articles))
        try workspace.write("other.md", RegulationIndexTests.document(id: "other", title: "其他示例规定", articles: [
            "银行应当保护客户信息。", "挂失以后，银行应当冻结账户。", "年费的收取应当公平。",
        ]))
        let index = try workspace.index(nil)
        _ = try await index.sync(directory: workspace.regulations.path)
        let clauses = try index.show(documentID: "card").clauses + index.show(documentID: "other").clauses

        // Reference: a plain one-column FTS5 table with the same indexed text, ranked by SQLite.
        let reference = try DatabaseQueue()
        try await reference.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(tokens)")
            for (number, clause) in clauses.enumerated() {
                let text = RegulationIndex.indexedText(title: clause.title, clausePath: clause.clausePath, text: clause.text)
                try db.execute(sql: "INSERT INTO t (rowid, tokens) VALUES (?, ?)", arguments: [number + 1, BigramTokenizer.indexText(text)])
            }
        }
        // The second pass reads each token's postings from the in-memory cache instead of FTS5.
        for (pass, query) in product([0, 1], ["持卡人挂失", "银行卡年费", "挂失", "发卡银行投诉"]) {
            if pass == 1 { #expect(try index.cachedPostings().tokens > 0) }
            let plan = try #require(try index.lexicalPlan(query))
            #expect(!plan.requireAll)
            let match = plan.tokens.map { "\"\($0.token)\"" }.joined(separator: " OR ")
            let expected = try await reference.read { db in
                try Row.fetchAll(db, sql: "SELECT rowid, bm25(t) AS score FROM t WHERE t MATCH ?", arguments: [match]).map { row -> (String, Double) in
                    let number: Int = row["rowid"]
                    let clause = clauses[number - 1]
                    return (clause.documentID + "/" + clause.clausePath, -(row["score"] as Double))
                }
            }
            let hits = try await index.search(query, top: 50)
            #expect(hits.count == expected.count, "\(query)")
            let byClause = Dictionary(uniqueKeysWithValues: expected)
            for hit in hits {
                let score = try #require(hit.lexicalScore)
                let wanted = try #require(byClause[hit.documentID + "/" + hit.clausePath], "\(query): \(hit.citation)")
                #expect(abs(score - wanted) < 1e-9, "\(query): \(hit.citation) \(score) vs FTS5 \(wanted)")
            }
            // Best first, as FTS5 orders them.
            #expect(hits.map(\.lexicalScore!) == hits.map(\.lexicalScore!).sorted(by: >), "\(query)")
        }
        // Term frequency counts: the article that repeats 挂失 four times ranks first for it.
        #expect(try await index.search("挂失", top: 1).first?.articleNumber == 3)
    }

    @Test("The postings cache keeps what fits and starts over when full")
    func postingsCacheBound() {
        let cache = PostingsCache(capacity: 10)
        cache.store(.init(positions: [1, 2, 3, 4], frequencies: [1, 1, 2, 4]), for: "年费")
        cache.store(.init(positions: [5, 6, 7, 8, 9], frequencies: [1, 1, 1, 1, 1]), for: "挂失")
        #expect(cache.size == (2, 9))
        #expect(cache.postings(of: "年费")?.frequencies == [1, 1, 2, 4])
        cache.store(.init(positions: [1, 2], frequencies: [1, 1]), for: "信用")
        #expect(cache.size == (1, 2), "over capacity: emptied, then the new list kept")
        #expect(cache.postings(of: "年费") == nil)
        cache.store(.init(positions: Array(0..<11), frequencies: Array(repeating: 1, count: 11)), for: "银行")
        #expect(cache.postings(of: "银行") == nil, "a list larger than the capacity is not kept")
    }

    /// A workspace holding the card regulation (``articles``), and an index synchronised with it.
    static func synchronisedCardIndex() async throws -> (Workspace, RegulationIndex) {
        let workspace = try Workspace()
        try workspace.write("card.md", RegulationIndexTests.document(id: "card", title: "银行卡示例办法", articles: articles))
        let index = try workspace.index()
        _ = try await index.sync(directory: workspace.regulations.path)
        return (workspace, index)
    }

    @Test("A repeated search is answered from memory with the same hits; an amended clause is read anew after a sync")
    func repeatedSearchFromMemory() async throws {
        let (workspace, index) = try await Self.synchronisedCardIndex()
        #expect(try index.cachedHits() == 0)
        let first = try await index.search("持卡人挂失", top: 3)
        #expect(try index.cachedHits() == first.count && first.count == 3)
        let again = try await index.search("持卡人挂失", top: 3)
        #expect(again.map(\.citation) == first.map(\.citation))
        #expect(again.map(\.score) == first.map(\.score) && again.map(\.text) == first.map(\.text))
        #expect(again.map(\.lexicalScore) == first.map(\.lexicalScore) && again.map(\.vectorScore) == first.map(\.vectorScore))

        var amended = Self.articles
        amended[2] = "挂失挂失：持卡人办理挂失手续，发卡银行应当即时受理挂失并出具回执。"
        try workspace.write("card.md", RegulationIndexTests.document(id: "card", title: "银行卡示例办法", articles: amended))
        _ = try await workspace.index().sync(directory: workspace.regulations.path)   // another handle, as the CLI would
        let after = try await index.search("持卡人挂失", top: 3)
        #expect(after.first { $0.articleNumber == 3 }?.text.contains("出具回执") == true)
        #expect(after.allSatisfy { $0.indexVersion > first[0].indexVersion })
    }

    @Test("A sync by another process (hegui index sync while hegui serve runs) is seen by the next search")
    func seesSyncFromAnotherProcess() async throws {
        let (workspace, server) = try await Self.synchronisedCardIndex()
        try server.warm()
        #expect(try await server.search("保险理赔时效", top: 3).allSatisfy { $0.documentID == "card" })

        try workspace.write("claims.md", RegulationIndexTests.document(id: "claims", title: "保险理赔示例规定", articles: [
            "保险公司应当在三十日内作出理赔核定。", "理赔时效自收到完整材料之日起计算。",
        ]))
        let command = try workspace.index()   // the CLI: its own connection to the same file
        #expect(try await command.sync(directory: workspace.regulations.path).added == ["claims"])

        let hits = try await server.search("保险理赔时效", top: 3)
        #expect(hits.first?.documentID == "claims")
        #expect(hits.first?.lexicalScore != nil)
        #expect(hits.first?.vectorScore != nil)
        #expect(try await server.search("《保险理赔示例规定》第二条", top: 1).first?.articleNumber == 2)
    }

    @Test("Within the recheck interval a search keeps the version it knows; a sync through the same handle is seen at once")
    func versionRecheckInterval() async throws {
        let workspace = try Workspace()
        try workspace.write("card.md", RegulationIndexTests.document(id: "card", title: "银行卡示例办法", articles: Self.articles))
        let server = try workspace.index(versionRecheckInterval: .seconds(3600))
        _ = try await server.sync(directory: workspace.regulations.path)
        let known = try await server.search("持卡人挂失", top: 3)
        let knownVersion = try #require(known.first?.indexVersion)

        try workspace.write("claims.md", RegulationIndexTests.document(id: "claims", title: "保险理赔示例规定", articles: [
            "保险公司应当在三十日内作出理赔核定。", "理赔时效自收到完整材料之日起计算。",
        ]))
        // Another process's sync: not asked about again within the hour, so the old version answers,
        // whole and consistent.
        #expect(try await workspace.index().sync(directory: workspace.regulations.path).added == ["claims"])
        #expect(try await !server.search("保险理赔时效", top: 3).contains { $0.documentID == "claims" })
        let stale = try await server.search("持卡人挂失", top: 3)
        #expect(stale.map(\.citationKey) == known.map(\.citationKey))
        #expect(stale.allSatisfy { $0.indexVersion == knownVersion })

        // A sync through this handle (an upload to the gateway) forgets the version it knew.
        try workspace.write("claims.md", RegulationIndexTests.document(id: "claims", title: "保险理赔示例规定", articles: [
            "保险公司应当在三十日内作出理赔核定。", "理赔时效自收到完整材料之日起计算，材料不全的应当一次告知。",
        ]))
        _ = try await server.sync(directory: workspace.regulations.path)
        let fresh = try await server.search("保险理赔时效", top: 3)
        #expect(fresh.first?.documentID == "claims")
        #expect(fresh.allSatisfy { $0.indexVersion > knownVersion })
    }

    @Test("An index made before the term-frequency columns is rebuilt on open and searches the same")
    func migratesOldFullTextTable() async throws {
        let workspace = try Workspace()
        try workspace.write("card.md", RegulationIndexTests.document(id: "card", title: "银行卡示例办法", articles: Self.articles))
        let path = workspace.root.appendingPathComponent("index.sqlite").path
        let before: [String]
        do {
            let index = try workspace.index()
            _ = try await index.sync(directory: workspace.regulations.path)
            before = try await index.search("银行卡年费", top: 3).map(\.citationKey)
        }
        // Put back the one-column table older versions wrote.
        let database = try DatabaseQueue(path: path)
        try await database.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT rowid, tokens FROM chunks_fts")
            try db.execute(sql: "DROP TABLE chunks_vocab; DROP TABLE chunks_fts; CREATE VIRTUAL TABLE chunks_fts USING fts5(tokens);")
            for row in rows {
                try db.execute(sql: "INSERT INTO chunks_fts (rowid, tokens) VALUES (?, ?)", arguments: [row["rowid"] as Int64, row["tokens"] as String])
            }
        }
        try database.close()

        let reopened = try workspace.index()
        let schema = try await DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'chunks_fts'") }
        #expect(schema?.contains("tf4") == true)
        #expect(try await reopened.search("银行卡年费", top: 3).map(\.citationKey) == before)
        #expect(try await reopened.search("银行卡年费", top: 1).first?.articleNumber == 4)
    }
}

/// Every pair of an element of `a` with an element of `b`, `a` varying slowest.
private func product<A, B>(_ a: [A], _ b: [B]) -> [(A, B)] { a.flatMap { x in b.map { (x, $0) } } }
