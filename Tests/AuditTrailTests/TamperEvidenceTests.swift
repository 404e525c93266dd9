import Foundation
import GRDB
import Testing
@testable import AuditTrail

@Suite("Tamper evidence: hegui audit verify")
struct TamperEvidenceTests {
    /// A log of 40 entries with checkpoints at 16, 32 and 40.
    static func populated() async throws -> (LogFixture, [AuditEntry]) {
        let fixture = try LogFixture(checkpointEvery: 16)
        var entries: [AuditEntry] = []
        for n in 0..<40 { entries.append(try await fixture.log.append(LogFixture.entry(n))) }
        _ = try await fixture.log.checkpoint()
        return (fixture, entries)
    }

    func verify(_ fixture: LogFixture, with verifier: NoteVerifier? = nil) throws(LogVerificationError) -> LogVerifier.Report {
        try LogVerifier(store: try! SQLiteLogStore(path: fixture.path), verifier: verifier ?? fixture.verifier).verify()
    }

    @Test("An untouched log verifies")
    func intact() async throws {
        let (fixture, _) = try await Self.populated()
        let report = try verify(fixture)
        #expect(report.entries == 40)
        #expect(report.checkpoints == 3)
    }

    @Test("Changing one byte of one stored entry is caught and the entry is named")
    func changedByte() async throws {
        let (fixture, entries) = try await Self.populated()
        // Flip the first byte of the masked input's text inside the leaf of entry 23.
        let leaf = entries[23].canonicalJSON()
        var bytes = [UInt8](leaf)
        let marker = Array("第23条".utf8)
        let offset = try #require((0...(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker })
        bytes[offset + 3] ^= 0x01  // '2' → '3'
        try fixture.tamper("UPDATE entries SET leaf = x'\(Data(bytes).hexString)' WHERE sequence = 23")
        #expect(throws: LogVerificationError.entry(sequence: 23, id: entries[23].id,
                                                   problem: "its bytes do not hash to the stored leaf hash: the entry was altered")) {
            try verify(fixture)
        }
    }

    @Test("Changing an entry and its leaf hash together is caught by the stored subtree over it")
    func changedEntryAndHash() async throws {
        let (fixture, entries) = try await Self.populated()
        var altered = entries[6]
        altered.verdict = "blocked"
        let leaf = altered.canonicalJSON()
        try fixture.tamper("UPDATE entries SET leaf = x'\(leaf.hexString)', leaf_hash = x'\(MerkleHash.leaf(leaf).hexString)' WHERE sequence = 6")
        do {
            _ = try verify(fixture)
            Issue.record("verify passed a rewritten entry")
        } catch {
            guard case let .node(level, _, firstEntry, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(level == 1)
            #expect(firstEntry == 6)
            #expect(error.description.contains("entries 6–7"))
        }
    }

    @Test("Deleting a row is caught", arguments: [5, 39])
    func deletedRow(sequence: Int) async throws {
        let (fixture, _) = try await Self.populated()
        try fixture.tamper("DELETE FROM entries WHERE sequence = \(sequence)")
        #expect(throws: LogVerificationError.self) { try verify(fixture) }
        do { _ = try verify(fixture) } catch {
            #expect(error.description.contains(sequence == 39 ? "entries were removed" : "entry 5 is missing"), "\(error)")
        }
    }

    @Test("A checkpoint re-signed with another key is caught")
    func resignedCheckpoint() async throws {
        let (fixture, _) = try await Self.populated()
        let checkpoint = try #require(try fixture.store.checkpoint(size: 32))
        let impostor = try NoteSigner(generatingFor: "hegui.test/audit")
        let forged = try impostor.sign(note: Checkpoint(origin: "hegui.test/audit", size: 32, rootHash: checkpoint.rootHash).text)
        try fixture.tamper("UPDATE checkpoints SET note = '\(forged.replacingOccurrences(of: "'", with: "''"))' WHERE tree_size = 32")
        do {
            _ = try verify(fixture)
            Issue.record("verify accepted a checkpoint signed by another key")
        } catch {
            #expect(error.description.hasPrefix("checkpoint at size 32:"), "\(error)")
        }
    }

    @Test("A rewritten history with a validly signed new checkpoint is caught by consistency with the old one")
    func rewrittenHistory() async throws {
        let (fixture, entries) = try await Self.populated()
        // The attacker holds the signing key, rewrites entry 10 in a fresh store with every hash
        // recomputed, re-signs the latest checkpoint, and carries over the old checkpoints.
        let rewrittenPath = fixture.folder.appendingPathComponent("rewritten.sqlite").path
        let rewritten = try SQLiteLogStore(path: rewrittenPath)
        var history = entries
        history[10].verdict = "blocked"
        for entry in history { _ = try await rewritten.appendBatch([PreparedEntry(entry)]) }
        let forger = AuditLog(store: rewritten, signer: fixture.signer)
        for old in try fixture.store.checkpoints() where old.size < 40 { _ = try await rewritten.addCheckpoint(old) }
        _ = try await forger.checkpoint()
        // Every entry, hash and subtree in the rewritten store is self-consistent…
        #expect(try rewritten.entry(sequence: 10)?.entry.verdict == "blocked")
        // …but the old signed checkpoints no longer match.
        do {
            _ = try LogVerifier(store: rewritten, verifier: fixture.verifier).verify()
            Issue.record("verify accepted a rewritten history")
        } catch {
            #expect(error.description.hasPrefix("checkpoint at size 16:"), "\(error)")
            #expect(error.description.contains("rewritten"))
        }
        // And a consistency proof between the old checkpoint and the forged one does not verify.
        let old = try #require(try fixture.store.checkpoint(size: 16))
        let forged = try #require(try rewritten.checkpoint(size: 40))
        #expect(throws: ProofError.self) {
            try MerkleVerifier.verifyConsistency(oldSize: 16, newSize: 40, oldRoot: old.rootHash, newRoot: forged.rootHash,
                                                 proof: try forger.consistencyProof(from: 16, to: 40))
        }
    }

    @Test("The service itself cannot update or delete: the triggers refuse")
    func appendOnly() async throws {
        let (fixture, _) = try await Self.populated()
        let raw = try DatabaseQueue(path: fixture.path)
        for sql in ["UPDATE entries SET verdict = 'x'", "DELETE FROM entries", "DELETE FROM nodes", "UPDATE checkpoints SET note = ''"] {
            #expect(throws: (any Error).self, "\(sql)") { try raw.write { try $0.execute(sql: sql) } }
        }
        #expect(try verify(fixture).entries == 40)
    }
}

@Suite("Leaf field check")
struct LeafFieldCheckTests {
    @Test("The byte check finds the top-level sequence and id, and is not fooled by look-alikes in details")
    func lookAlikes() {
        var entry = LogFixture.entry(3)
        entry.id = "0190a1b2-0000-7000-8000-000000000001"
        entry.sequence = 12
        entry.details = ["id": "0190a1b2-0000-7000-8000-000000000002", "index_version": "1", "schema": "1", "sequence": "12"]
        let leaf = entry.canonicalJSON()
        #expect(LogVerifier.leaf(leaf, records: 12, id: entry.id))
        #expect(!LogVerifier.leaf(leaf, records: 13, id: entry.id))
        #expect(!LogVerifier.leaf(leaf, records: 12, id: "0190a1b2-0000-7000-8000-000000000002"))
        #expect(!LogVerifier.leaf(Data("not json".utf8), records: 12, id: entry.id))
    }
}
