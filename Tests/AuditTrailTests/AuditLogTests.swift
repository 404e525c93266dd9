import Foundation
import GRDB
import Testing
@testable import AuditTrail

/// A log in a temporary folder with a fresh signing key.
final class LogFixture: @unchecked Sendable {
    let folder: URL
    let signer: NoteSigner
    let store: SQLiteLogStore
    let log: AuditLog
    var verifier: NoteVerifier { try! NoteVerifier(verifierKey: signer.verifierKey) }
    var path: String { folder.appendingPathComponent("log.sqlite").path }

    init(checkpointEvery: Int = 1000) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        signer = try NoteSigner(generatingFor: "hegui.test/audit")
        store = try SQLiteLogStore(path: folder.appendingPathComponent("log.sqlite").path)
        log = AuditLog(store: store, signer: signer, checkpointEvery: checkpointEvery)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    static func entry(_ n: Int, principal: String? = nil, kind: String = "chat", findings: [String: Int] = ["PHONE": 1],
                      cited: [String] = ["a@v#第一条"], verdict: String = "pass", time: String? = nil) -> AuditEntry {
        AuditEntry(time: time ?? String(format: "2026-11-21T00:%02d:%02d.000Z", (n / 60) % 60, n % 60),
                   principal: principal ?? "bot-\(n % 3)", route: "cs", kind: kind,
                   maskedInput: "user: 我的手机<PHONE_1> \"引号\" \\ 第\(n)条\n换行", maskedOutput: "【政策依据】…",
                   findingCounts: findings, retrievedClauses: ["a@v#第一条"], citedClauses: cited, indexVersion: 1,
                   backend: "extractive", verdict: verdict, reasons: [], latencyMicros: ["mask": 10])
    }

    /// A raw connection, as an attacker with file access would have, with the append-only triggers dropped.
    func tamper(_ sql: String) throws {
        let raw = try DatabaseQueue(path: path)
        try raw.write { db in
            for table in ["entries", "entry_findings", "entry_clauses", "nodes", "checkpoints"] {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(table)_never_update; DROP TRIGGER IF EXISTS \(table)_never_delete;")
            }
            try db.execute(sql: sql)
        }
    }
}

@Suite("Audit log")
struct AuditLogTests {
    @Test("Concurrent appends get unique consecutive sequence numbers and are batched")
    func concurrentAppends() async throws {
        let fixture = try LogFixture()
        let sequences = try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<200 { group.addTask { try await fixture.log.append(LogFixture.entry(n)).sequence } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(sequences.sorted() == Array(0..<200))
        #expect(await fixture.log.batchesCommitted < 200, "concurrent appends should share commits")
        #expect(try fixture.store.size() == 200)
    }

    @Test("The stored leaf is the canonical entry; the root equals the RFC 6962 root of the leaves")
    func leavesAndRoot() async throws {
        let fixture = try LogFixture()
        var appended: [AuditEntry] = []
        for n in 0..<13 { appended.append(try await fixture.log.append(LogFixture.entry(n))) }
        let stored = try #require(try fixture.store.entry(id: appended[5].id))
        #expect(stored.entry == appended[5])
        #expect(stored.leaf == appended[5].canonicalJSON())
        #expect(stored.leafHash == MerkleHash.leaf(stored.leaf))
        for size in 1...13 {
            let expected = MerkleHash.root(ofLeafHashes: appended.prefix(size).map { MerkleHash.leaf($0.canonicalJSON()) }[...])
            #expect(try fixture.log.rootHash(size: size) == expected)
        }
    }

    @Test("Canonical JSON: sorted keys, escapes only what JSON requires, round-trips through a decoder")
    func canonicalForm() throws {
        var entry = LogFixture.entry(1)
        entry.id = "x"
        entry.sequence = 7
        entry.details = ["b": "2", "a": "1"]
        entry.reasons = ["tab\there\u{01}\u{1F}end\"", "", "\r\u{8}\u{C}"]
        let text = String(decoding: entry.canonicalJSON(), as: UTF8.self)
        #expect(text.contains(#""reasons":["tab\there\u0001\u001fend\"","","\r\b\f"]"#))
        #expect(text.hasPrefix(#"{"adapter":null,"backend":"extractive","cited_clauses":["a@v#第一条"],"details":{"a":"1","b":"2"},"finding_counts":{"PHONE":1},"id":"x","index_version":1,"kind":"chat","latency_us":{"mask":10},"masked_input":"user: 我的手机<PHONE_1> \"引号\" \\ 第1条\n换行""#))
        #expect(text.contains(#""schema":1,"sequence":7,"#))
        let decoded = try JSONDecoder().decode(AuditEntry.self, from: entry.canonicalJSON())
        #expect(decoded == entry)
        #expect(decoded.canonicalJSON() == entry.canonicalJSON())
    }

    @Test("The log's writer commits with synchronous = FULL: an appended entry is on disk before append returns")
    func durableCommits() throws {
        let fixture = try LogFixture()
        // GRDB's pools set NORMAL (no fsync at commit) when they turn WAL on; the store must undo that.
        #expect(try fixture.store.writerSynchronousLevel() == 2)
    }

    @Test("Checkpoints are signed every N entries, verify, and all are kept")
    func checkpointsEveryN() async throws {
        let fixture = try LogFixture(checkpointEvery: 10)
        for n in 0..<35 { _ = try await fixture.log.append(LogFixture.entry(n)) }
        _ = try await fixture.log.checkpoint()
        let checkpoints = try fixture.store.checkpoints()
        #expect(checkpoints.count >= 4)
        #expect(checkpoints.last?.size == 35)
        for stored in checkpoints {
            let checkpoint = try Checkpoint.open(stored.note, verifier: fixture.verifier, origin: "hegui.test/audit")
            #expect(checkpoint.rootHash == (try fixture.log.rootHash(size: stored.size)))
        }
    }

    @Test("Checkpoints signed while appends and other checkpoints run concurrently are distinct, ordered and verify")
    func concurrentCheckpoints() async throws {
        let fixture = try LogFixture(checkpointEvery: 7)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<120 {
                group.addTask { _ = try await fixture.log.append(LogFixture.entry(n)) }
                if n % 15 == 0 { group.addTask { _ = try await fixture.log.checkpoint() } }
            }
            try await group.waitForAll()
        }
        let last = try #require(try await fixture.log.checkpoint())
        #expect(last.size == 120)
        let checkpoints = try fixture.store.checkpoints()
        #expect(zip(checkpoints, checkpoints.dropFirst()).allSatisfy { $0.size < $1.size })
        for stored in checkpoints {
            let checkpoint = try Checkpoint.open(stored.note, verifier: fixture.verifier, origin: "hegui.test/audit")
            #expect(checkpoint.rootHash == (try fixture.log.rootHash(size: stored.size)))
        }
    }

    @Test("Proofs from the store verify against signed checkpoints")
    func storeProofs() async throws {
        let fixture = try LogFixture()
        var ids: [String] = []
        for n in 0..<21 { ids.append(try await fixture.log.append(LogFixture.entry(n)).id) }
        let first = try #require(try await fixture.log.checkpoint())
        for n in 21..<50 { _ = try await fixture.log.append(LogFixture.entry(n)) }
        let second = try #require(try await fixture.log.checkpoint())
        for index in [0, 7, 20] {
            let leafHash = try #require(try fixture.store.entry(id: ids[index])).leafHash
            try MerkleVerifier.verifyInclusion(leafHash: leafHash, index: index, size: 50,
                                               proof: try fixture.log.inclusionProof(index: index, size: 50), root: second.rootHash)
        }
        try MerkleVerifier.verifyConsistency(oldSize: 21, newSize: 50, oldRoot: first.rootHash, newRoot: second.rootHash,
                                             proof: try fixture.log.consistencyProof(from: 21, to: 50))
        #expect(throws: AuditLogError.self) { try fixture.log.inclusionProof(index: 3, size: 51) }
    }

    @Test("A receipt verifies offline, and fails when any part is changed")
    func receipts() async throws {
        let fixture = try LogFixture()
        var ids: [String] = []
        for n in 0..<9 { ids.append(try await fixture.log.append(LogFixture.entry(n)).id) }
        let receipt = try await fixture.log.receipt(id: ids[4])
        #expect(receipt.treeSize == 9)
        let verified = try receipt.verify(trusting: fixture.signer.verifierKey)
        #expect(verified.index == 4)

        // Through JSON and back, as a file handed to a regulator.
        let decoded = try JSONDecoder().decode(Receipt.self, from: try JSONEncoder().encode(receipt))
        #expect(try decoded.verify().entryID == ids[4])

        var otherEntry = receipt
        otherEntry.entry.verdict = "blocked"
        #expect(throws: (any Error).self) { try otherEntry.verify() }
        var otherLeaf = receipt
        otherLeaf.leaf = LogFixture.entry(99).canonicalJSON().base64EncodedString()
        #expect(throws: (any Error).self) { try otherLeaf.verify() }
        var wrongSize = receipt
        wrongSize.treeSize = 8
        #expect(throws: ReceiptError.self) { try wrongSize.verify() }
        var otherKey = receipt
        otherKey.verifierKey = try NoteSigner(generatingFor: "hegui.test/audit").verifierKey
        #expect(throws: (any Error).self) { try otherKey.verify() }
        #expect(throws: ReceiptError.self) { try receipt.verify(trusting: otherKey.verifierKey) }
    }

    @Test("Queries filter by every field and page with a cursor")
    func queries() async throws {
        let fixture = try LogFixture()
        for n in 0..<30 {
            _ = try await fixture.log.append(LogFixture.entry(n, findings: n % 5 == 0 ? ["CN_ID": 1] : ["PHONE": 2],
                                                              cited: n % 2 == 0 ? ["card@v1#第三十六条"] : ["pipl@v2#第二十八条"],
                                                              verdict: n % 10 == 9 ? "blocked" : "pass"))
        }
        _ = try await fixture.log.append(.event(kind: "officer_query", principal: "officer-1", time: "2026-11-21T01:00:00.000Z"))
        var query = AuditQuery()
        query.entityType = "CN_ID"
        #expect(try await fixture.store.query(query).map(\.entry.sequence) == [0, 5, 10, 15, 20, 25])
        query = AuditQuery()
        query.verdict = "blocked"
        #expect(try await fixture.store.query(query).map(\.entry.sequence) == [9, 19, 29])
        query = AuditQuery()
        query.clause = "pipl@"
        query.principal = "bot-1"
        #expect(try await fixture.store.query(query).map(\.entry.sequence) == [1, 7, 13, 19, 25])
        query = AuditQuery()
        query.clause = "card@v1#第三十六条"
        query.since = "2026-11-21T00:00:10"
        query.until = "2026-11-21T00:00:20"
        #expect(try await fixture.store.query(query).map(\.entry.sequence) == [10, 12, 14, 16, 18])
        query = AuditQuery()
        query.kind = "officer_query"
        #expect(try await fixture.store.query(query).map(\.entry.principal) == ["officer-1"])
        query = AuditQuery()
        query.limit = 7
        let page1 = try await fixture.store.query(query)
        query.afterSequence = page1.last?.entry.sequence
        let page2 = try await fixture.store.query(query)
        #expect(page1.map(\.entry.sequence) == Array(0..<7))
        #expect(page2.map(\.entry.sequence) == Array(7..<14))
    }

    @Test("CSV export quotes what needs quoting and neutralises formulas")
    func csvExport() async throws {
        let fixture = try LogFixture()
        var entry = LogFixture.entry(0)
        entry.maskedOutput = "=HYPERLINK(\"x\")"
        _ = try await fixture.log.append(entry)
        let csv = AuditExport.csv(try await fixture.store.query(AuditQuery()))
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == AuditExport.csvColumns.joined(separator: ","))
        #expect(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""))
        #expect(csv.contains("\"user: 我的手机<PHONE_1> \"\"引号\"\" \\ 第0条\n换行\""))
    }
}

@Suite("Audit timestamps")
struct AuditTimestampTests {
    @Test("RFC 3339 UTC with milliseconds, agreeing with Foundation's formatter")
    func format() {
        #expect(AuditTimestamp.format(seconds: 0, milliseconds: 7) == "1970-01-01T00:00:00.007Z")
        #expect(AuditTimestamp.format(seconds: 1_795_292_566, milliseconds: 683) == "2026-11-21T20:22:46.683Z")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let now = AuditTimestamp.now()
        let parsed = formatter.date(from: now)
        #expect(parsed != nil)
        #expect(abs(parsed!.timeIntervalSinceNow) < 5)
    }
}

@Suite("Entry ids")
struct EntryIDTests {
    @Test("Ids are version-7 UUIDs in lower case, unique, ordered by time, carrying the current time")
    func shape() throws {
        let ids = (0..<1000).map { _ in EntryID.random() }
        #expect(Set(ids).count == 1000)
        for id in ids.prefix(50) {
            let parsed = UUID(uuidString: id)
            #expect(parsed?.uuidString.lowercased() == id)
            #expect(Array(id)[14] == "7")
            #expect("89ab".contains(Array(id)[19]))
        }
        let first = try #require(ids.first)
        let milliseconds = try #require(UInt64(first.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16))
        #expect(abs(Double(milliseconds) / 1000 - Date().timeIntervalSince1970) < 5)
        #expect(ids.first!.prefix(8) <= ids.last!.prefix(8))
    }
}

@Suite("Audit query index")
struct AuditQueryIndexTests {
    @Test("The query index is derived data: deleted, it is rebuilt from the log on the next query")
    func rebuiltFromLeaves() async throws {
        let fixture = try LogFixture()
        for n in 0..<25 { _ = try await fixture.log.append(LogFixture.entry(n, findings: n % 5 == 0 ? ["CN_ID": 1] : [:])) }
        var query = AuditQuery()
        query.entityType = "CN_ID"
        #expect(try await fixture.store.query(query).map(\.entry.sequence) == [0, 5, 10, 15, 20])
        let indexPath = fixture.folder.appendingPathComponent("log.query.sqlite").path
        #expect(FileManager.default.fileExists(atPath: indexPath))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: indexPath + suffix) }
        // A new process opening the same log finds no index and rebuilds it from the leaves.
        let reopened = try SQLiteLogStore(path: fixture.path)
        #expect(try await reopened.query(query).map(\.entry.sequence) == [0, 5, 10, 15, 20])
        query = AuditQuery()
        query.limit = 1000
        #expect(try await reopened.query(query).count == 25)
    }

    @Test("A stream of appends is indexed in a few transactions, not one each; a query right after sees every entry")
    func batchedIndexWrites() async throws {
        let fixture = try LogFixture()
        // Each append waits for its own commit, so they reach the index one at a time (as exchanges
        // do under load); before, every one was written in a transaction of its own.
        for n in 0..<20 { _ = try await fixture.log.append(LogFixture.entry(n)) }
        var query = AuditQuery()
        query.limit = 1000
        #expect(try await fixture.store.query(query).count == 20)
        let transactions = await fixture.store.queryIndex.queuedTransactions
        #expect(transactions >= 1 && transactions <= 8, "\(transactions) transactions for 20 appends")
    }

    @Test("Entries are found by the key that made them; an index from before key ids is rebuilt with them")
    func byKeyID() async throws {
        let fixture = try LogFixture()
        for n in 0..<12 {
            var entry = LogFixture.entry(n)
            if n % 4 == 1 { entry.details["key_id"] = "0123456789ab" }
            _ = try await fixture.log.append(entry)
        }
        var query = AuditQuery()
        query.keyID = "0123456789ab"
        #expect(try await fixture.store.query(query).map(\.entry.sequence) == [1, 5, 9])
        #expect(query.description["queried_key_id"] == "0123456789ab", "the officer_query entry records the filter")

        // An index file written before key ids were indexed: its table has no key_id column.
        let indexPath = fixture.folder.appendingPathComponent("log.query.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: indexPath + suffix) }
        try await DatabaseQueue(path: indexPath).write { db in
            try db.execute(sql: """
                CREATE TABLE indexed (sequence INTEGER PRIMARY KEY, time TEXT NOT NULL, principal TEXT NOT NULL, route TEXT NOT NULL,
                                      kind TEXT NOT NULL, verdict TEXT NOT NULL);
                INSERT INTO indexed VALUES (0, '2026-11-21T00:00:00.000Z', 'bot-0', 'cs', 'chat', 'pass');
                INSERT INTO indexed VALUES (1, '2026-11-21T00:00:01.000Z', 'bot-1', 'cs', 'chat', 'pass');
                """)
        }
        let reopened = try SQLiteLogStore(path: fixture.path)
        #expect(try await reopened.query(query).map(\.entry.sequence) == [1, 5, 9])
    }
}
