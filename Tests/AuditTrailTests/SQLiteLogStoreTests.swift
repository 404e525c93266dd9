import Foundation
import GRDB
import Testing
@testable import AuditTrail

@Suite("SQLite log store")
struct SQLiteLogStoreTests {
    static func entry(_ n: Int) -> AuditEntry {
        AuditEntry(time: "2026-11-21T00:00:0\(n % 10).000Z", principal: "bot-\(n)", route: "cs", kind: "chat",
                   maskedInput: "user: 我的手机<PHONE_1>", maskedOutput: "【政策依据】…", findingCounts: ["PHONE": 1],
                   retrievedClauses: ["a@v#第一条"], citedClauses: ["a@v#第一条"], indexVersion: 1, backend: "extractive",
                   verdict: "pass", reasons: [], latencyMicros: ["mask": 10])
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hegui-log-\(UUID().uuidString).sqlite").path
    }

    @Test("Appends get consecutive sequence numbers; the stored leaf is the canonical entry")
    func appendAndRead() async throws {
        let store = try SQLiteLogStore(path: Self.temporaryPath())
        var appended: [AuditEntry] = []
        for n in 0..<5 { appended.append(try await store.append(Self.entry(n))) }
        #expect(appended.map(\.sequence) == [0, 1, 2, 3, 4])
        #expect(Set(appended.map(\.id)).count == 5)
        let stored = try #require(try await store.entry(id: appended[3].id))
        #expect(stored.entry == appended[3])
        #expect(stored.leaf == (try appended[3].canonicalJSON()))
        #expect(stored.leafHash == MerkleHash.leaf(stored.leaf))
        #expect(try await store.count() == 5)
        let expectedRoot = MerkleHash.root(ofLeafHashes: try appended.map { MerkleHash.leaf(try $0.canonicalJSON()) }[...])
        #expect(try await store.rootHash() == expectedRoot)
    }

    @Test("Canonical JSON has sorted keys and snake_case names")
    func canonicalForm() throws {
        var entry = Self.entry(1)
        entry.id = "x"
        entry.sequence = 7
        let text = String(decoding: try entry.canonicalJSON(), as: UTF8.self)
        #expect(text.hasPrefix(#"{"backend":"extractive","cited_clauses":["a@v#第一条"],"finding_counts":{"PHONE":1},"id":"x""#))
        #expect(text.contains(#""sequence":7"#))
        #expect(!text.contains("\n"))
    }

    @Test("Concurrent appends each get a unique sequence number")
    func concurrentAppends() async throws {
        let store = try SQLiteLogStore(path: Self.temporaryPath())
        let sequences = try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<40 { group.addTask { try await store.append(Self.entry(n)).sequence } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(sequences.sorted() == Array(0..<40))
    }

    @Test("Stored entries cannot be updated or deleted")
    func appendOnly() async throws {
        let path = Self.temporaryPath()
        let store = try SQLiteLogStore(path: path)
        _ = try await store.append(Self.entry(0))
        let raw = try DatabaseQueue(path: path)
        #expect(throws: (any Error).self) { try raw.write { try $0.execute(sql: "UPDATE entries SET leaf = x'00'") } }
        #expect(throws: (any Error).self) { try raw.write { try $0.execute(sql: "DELETE FROM entries") } }
        #expect(try await store.count() == 1)
    }
}
