import ArgumentParser
import AuditTrail
import Foundation
import Gateway

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks that print figures (build with -c release for real numbers).",
        subcommands: [AuditBench.self, IndexBench.self, MaskBench.self, ScrubBench.self, GatewayBench.self, GatewayLoadGenerator.self])

    struct AuditBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Durable appends per second under concurrent writers, full verify time, inclusion proof time.")
        @Option(help: "Data folder (default: a new temporary folder, removed afterwards).") var data: String?
        @Option(help: "Entries to append.") var entries = 100_000
        @Option(help: "Concurrent writers.") var writers = 64
        @Option(help: "Checkpoint every N entries.") var checkpointEvery = 10_000
        @Flag(help: "Print 'durable <sequence> <id>' as each append returns (used by the crash test).") var printDurable = false
        @Flag(help: "Skip the verify and proof measurements.") var appendOnly = false

        func run() async throws {
            let temporary = data == nil
            let folder = DataDirectory(path: data ?? FileManager.default.temporaryDirectory.appendingPathComponent("hegui-bench-\(UUID().uuidString)").path)
            defer { if temporary { try? FileManager.default.removeItem(atPath: folder.path) } }
            try folder.prepare()
            if !FileManager.default.fileExists(atPath: folder.signerKeyPath) {
                let signer = try NoteSigner(generatingFor: "hegui.bench/audit")
                try KeyFile.writeSecret(signer.signerKey + "\n", to: folder.signerKeyPath)
                try (signer.verifierKey + "\n").write(toFile: folder.verifierKeyPath, atomically: true, encoding: .utf8)
            }
            let log = try folder.openAuditLog(checkpointEvery: checkpointEvery)
            let startSize = try log.store.size()
            let perWriter = max(1, entries / max(1, writers))
            let print = printDurable
            let clock = ContinuousClock()
            let started = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for n in 0..<perWriter {
                            let stored = try await log.append(BenchCommand.sampleEntry(writer: writer, n: n))
                            if print { FileHandle.standardOutput.write(Data("durable \(stored.sequence) \(stored.id)\n".utf8)) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let appendSeconds = seconds(clock.now - started)
            let appended = perWriter * writers
            let batches = await log.batchesCommitted
            let inCommits = seconds(await log.commitTime)
            _ = try await log.checkpoint()
            report("appends: \(appended) durable appends by \(writers) writers in \(format(appendSeconds)) s = \(Int(Double(appended) / appendSeconds)) appends/s (\(batches) commits, \(appended / max(batches, 1)) entries per commit, \(format(inCommits)) s inside commits)")
            guard !appendOnly else { return }

            let size = try log.store.size()
            let catchUpStart = clock.now
            var everything = AuditQuery()
            everything.afterSequence = size - 2
            _ = try await log.store.query(everything)
            report("query index: caught up with all \(size) entries \(format(seconds(clock.now - catchUpStart))) s after the last append returned")

            let verifyStart = clock.now
            let result = try LogVerifier(store: log.store, verifier: try folder.loadVerifier()).verify()
            report("verify: \(result.entries) entries and \(result.checkpoints) checkpoints in \(format(seconds(clock.now - verifyStart))) s")

            var generator = SystemRandomNumberGenerator()
            let proofs = 2000
            let root = try log.rootHash(size: size)
            var leafHashes: [(Int, Data)] = []
            for _ in 0..<proofs {
                let index = Int.random(in: 0..<size, using: &generator)
                leafHashes.append((index, try log.store.nodeHashes([(0, index)])[0]))
            }
            let proofStart = clock.now
            var lastProof: [Data] = []
            for (index, _) in leafHashes { lastProof = try log.inclusionProof(index: index, size: size) }
            let perProof = seconds(clock.now - proofStart) / Double(proofs)
            for (index, leafHash) in leafHashes.prefix(100) {
                try MerkleVerifier.verifyInclusion(leafHash: leafHash, index: index, size: size,
                                                   proof: try log.inclusionProof(index: index, size: size), root: root)
            }
            report("inclusion proof at tree size \(size): \(format(perProof * 1_000_000)) µs per proof (mean of \(proofs), \(lastProof.count) hashes each; 100 verified)")
            if startSize > 0 { report("(the log already held \(startSize) entries before this run)") }
        }

        private func report(_ line: String) {
            FileHandle.standardError.write(Data("hegui bench audit: \(line)\n".utf8))
        }
        private func seconds(_ duration: Duration) -> Double { Double(duration / .microseconds(1)) / 1_000_000 }
        private func format(_ value: Double) -> String { String(format: "%.3f", value) }
    }

    /// An entry the size of a typical chat exchange (about 600 bytes of canonical JSON).
    static func sampleEntry(writer: Int, n: Int) -> AuditEntry {
        AuditEntry(time: AuditLog.nowTimestamp(), principal: "bench-\(writer)", route: "cs", kind: "chat",
                   maskedInput: "user: 我的手机号是<PHONE_1>，身份证<CN_ID_1>，银行卡丢了怎么挂失？第\(n)次提问。",
                   maskedOutput: "【政策依据】《银行卡业务管理办法》第三十六条：持卡人丧失银行卡，应当立即持本人身份证件或者其他有效证明申请挂失。\n【简明解释】请尽快挂失。",
                   findingCounts: ["PHONE": 1, "CN_ID": 1], retrievedClauses: ["bank-card-rules@f2f5a2d0ce54#第六章/第三十六条"],
                   citedClauses: ["bank-card-rules@f2f5a2d0ce54#第六章/第三十六条"], indexVersion: 1, backend: "extractive",
                   verdict: "pass", reasons: [], latencyMicros: ["mask": 120, "retrieve": 900, "generate": 40, "check": 30])
    }
}
