import ArgumentParser
import AuditTrail
import Foundation
import Gateway

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read, prove and verify the audit log.",
        subcommands: [Show.self, Query.self, ReceiptCommand.self, VerifyReceipt.self, Verify.self, Consistency.self, CheckpointCommand.self])

    /// The principal recorded for reads made from the command line.
    static var cliPrincipal: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown") }

    /// Records an officer read in the log before its result is shown (fail closed: no record, no result).
    static func recordRead(_ log: AuditLog, what: String, details: [String: String]) async throws {
        var facts = details
        facts["command"] = what
        _ = try await log.append(.event(kind: "officer_query", principal: cliPrincipal, time: AuditLog.nowTimestamp(), details: facts))
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one entry (its exact leaf bytes) and its leaf hash.")
        @OptionGroup var options: DataOptions
        @Argument(help: "The entry id, as returned in the Hegui-Audit-Id header.") var id: String

        func run() async throws {
            let log = try DataDirectory.resolve(options.data).openAuditLog()
            guard let stored = try log.store.entry(id: id) else { throw ValidationError("no audit entry with id \(id)") }
            try await AuditCommand.recordRead(log, what: "audit show", details: ["id": id])
            print(String(decoding: stored.leaf, as: UTF8.self))
            print("leaf hash (RFC 6962): \(HexText.lowercase(stored.leafHash))")
        }
    }

    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List entries matching filters, as JSON lines or CSV.")
        @OptionGroup var options: DataOptions
        @Option(help: "Entries at or after this UTC time or date (2026-11-01 or 2026-11-01T08:00:00Z).") var since: String?
        @Option(help: "Entries before this UTC time or date.") var until: String?
        @Option var principal: String?
        @Option(help: "Entries made with this API key (its id from `hegui keys list`).") var keyID: String?
        @Option var route: String?
        @Option(help: "chat, officer_query, …") var kind: String?
        @Option(help: "pass, blocked or refused.") var verdict: String?
        @Option(help: "Entries with a finding of this type, e.g. CN_ID.") var entity: String?
        @Option(help: "Entries citing this clause (a citation key or its document prefix).") var clause: String?
        @Option(help: "Only entries after this sequence number (paging).") var after: Int?
        @Option(help: "Page size, 1–1000.") var limit = 100
        @Option(help: "jsonl or csv.") var format = "jsonl"

        func run() async throws {
            guard format == "jsonl" || format == "csv" else { throw ValidationError("--format must be jsonl or csv") }
            var query = AuditQuery()
            query.since = since
            query.until = until
            query.principal = principal
            query.keyID = keyID
            query.route = route
            query.kind = kind
            query.verdict = verdict
            query.entityType = entity
            query.clause = clause
            query.afterSequence = after
            query.limit = limit
            let log = try DataDirectory.resolve(options.data).openAuditLog()
            let entries = try await log.store.query(query)
            var details = query.description
            details["results"] = String(entries.count)
            try await AuditCommand.recordRead(log, what: "audit query", details: details)
            print(format == "csv" ? AuditExport.csv(entries) : AuditExport.jsonLines(entries), terminator: "")
        }
    }

    struct ReceiptCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "receipt", abstract: "Write a self-contained inclusion receipt for one entry.")
        @OptionGroup var options: DataOptions
        @Argument(help: "The entry id.") var id: String
        @Option(help: "File to write (default: stdout).") var out: String?

        func run() async throws {
            let log = try DataDirectory.resolve(options.data).openAuditLog()
            let receipt = try await log.receipt(id: id)
            try await AuditCommand.recordRead(log, what: "audit receipt", details: ["id": id])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(receipt) + Data("\n".utf8)
            if let out {
                try data.write(to: URL(fileURLWithPath: out))
                print("hegui audit receipt: entry \(id) is leaf \(receipt.index) of a tree of \(receipt.treeSize); written to \(out)")
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }

    struct VerifyReceipt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-receipt", abstract: "Check a receipt offline: signature, tree size, inclusion proof, entry.")
        @Argument(help: "The receipt file.") var file: String
        @Option(help: "The verifier key you trust (name+id+key). Without it the key inside the receipt is used.") var key: String?

        func run() throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let receipt: Receipt
            do { receipt = try JSONDecoder().decode(Receipt.self, from: data) } catch {
                throw ValidationError("\(file) is not a receipt: \(error)")
            }
            do {
                let verified = try receipt.verify(trusting: key)
                print("receipt OK: entry \(verified.entryID) is leaf \(verified.index) of \(verified.checkpoint.origin) at tree size \(verified.checkpoint.size), root \(verified.checkpoint.rootHash.base64EncodedString())")
                if key == nil {
                    print("note: checked against the key inside the receipt; pass --key with the log's published verifier key to prove who signed it")
                }
            } catch {
                FileHandle.standardError.write(Data("receipt INVALID: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the tree from every entry and check every checkpoint's signature and consistency.")
        @OptionGroup var options: DataOptions
        @Option(help: "The verifier key to trust (default: <data>/keys/log.pub).") var key: String?

        func run() throws {
            let data = DataDirectory.resolve(options.data)
            let verifier = try data.loadVerifier(key)
            let started = ContinuousClock.now
            do {
                let report = try LogVerifier(store: try SQLiteLogStore(path: data.auditLogPath), verifier: verifier).verify()
                let seconds = Double((ContinuousClock.now - started) / .milliseconds(1)) / 1000
                print("audit log OK: \(report.entries) entries, \(report.checkpoints) checkpoints verified, root \(report.rootHash.base64EncodedString()) (\(String(format: "%.2f", seconds)) s)")
            } catch {
                FileHandle.standardError.write(Data("audit log INVALID: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Consistency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a consistency proof between two checkpoints, verified against their signed roots.")
        @OptionGroup var options: DataOptions
        @Option(help: "Tree size of the older checkpoint.") var from: Int
        @Option(help: "Tree size of the newer checkpoint.") var to: Int

        func run() async throws {
            let data = DataDirectory.resolve(options.data)
            let log = try data.openAuditLog()
            guard let old = try log.store.checkpoint(size: from) else { throw AuditLogError.noCheckpoint(size: from) }
            guard let new = try log.store.checkpoint(size: to) else { throw AuditLogError.noCheckpoint(size: to) }
            let proof = try log.consistencyProof(from: from, to: to)
            try MerkleVerifier.verifyConsistency(oldSize: from, newSize: to, oldRoot: old.rootHash, newRoot: new.rootHash, proof: proof)
            try await AuditCommand.recordRead(log, what: "audit consistency", details: ["from": String(from), "to": String(to)])
            let output: [String: Any] = [
                "from": from, "to": to, "proof": proof.map { $0.base64EncodedString() },
                "from_checkpoint": old.note, "to_checkpoint": new.note,
            ]
            let json = try JSONSerialization.data(withJSONObject: output, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: json, as: UTF8.self))
        }
    }

    struct CheckpointCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "Print the latest signed checkpoint, signing a new one if the log grew.")
        @OptionGroup var options: DataOptions

        func run() async throws {
            let log = try DataDirectory.resolve(options.data).openAuditLog()
            guard let checkpoint = try await log.checkpoint() else { throw ValidationError("the log is empty: nothing to checkpoint") }
            print(checkpoint.note, terminator: "")
        }
    }
}
