import AuditTrail
import Foundation
import Testing

@Suite("hegui audit on the command line")
struct AuditCommandLineTests {
    /// A data folder with a key and a few hundred entries written by the benchmark command.
    static func populatedFolder() throws -> String {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-audit-cli-\(UUID().uuidString)").path
        let bench = try CommandLineTests.run(["bench", "audit", "--data", data, "--entries", "300", "--writers", "4",
                                              "--checkpoint-every", "100", "--append-only"])
        #expect(bench.status == 0, "\(bench.stderr)")
        return data
    }

    @Test("receipt → verify-receipt, verify, consistency, query; a forged receipt fails")
    func proveAndVerify() async throws {
        let data = try Self.populatedFolder()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let store = try SQLiteLogStore(path: data + "/audit/log.sqlite")
        let id = try #require(try store.entry(sequence: 123)?.entry.id)
        let receiptPath = data + "/receipt.json"

        let receipt = try CommandLineTests.run(["audit", "receipt", id, "--out", receiptPath, "--data", data])
        #expect(receipt.status == 0, "\(receipt.stderr)")
        let key = try String(contentsOfFile: data + "/keys/log.pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let verified = try CommandLineTests.run(["audit", "verify-receipt", receiptPath, "--key", key])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("receipt OK: entry \(id) is leaf 123"))

        // Change the entry's verdict inside the receipt: it must fail.
        var json = try String(contentsOfFile: receiptPath, encoding: .utf8)
        json = json.replacingOccurrences(of: "\"verdict\" : \"pass\"", with: "\"verdict\" : \"blocked\"")
        try json.write(toFile: receiptPath, atomically: true, encoding: .utf8)
        let forged = try CommandLineTests.run(["audit", "verify-receipt", receiptPath, "--key", key])
        #expect(forged.status != 0)
        #expect(forged.stderr.contains("receipt INVALID"))

        let verify = try CommandLineTests.run(["audit", "verify", "--data", data])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("audit log OK"))

        let checkpoints = try store.checkpoints().map(\.size)
        #expect(checkpoints.count >= 3)
        let consistency = try CommandLineTests.run(["audit", "consistency", "--from", String(checkpoints[0]), "--to", String(checkpoints[2]), "--data", data])
        #expect(consistency.status == 0, "\(consistency.stderr)")
        #expect(consistency.stdout.contains("\"proof\""))

        let csv = try CommandLineTests.run(["audit", "query", "--principal", "bench-1", "--limit", "5", "--format", "csv", "--data", data])
        #expect(csv.stdout.split(separator: "\r\n").count == 6)
        // The CLI reads were recorded too.
        var reads = AuditQuery()
        reads.kind = "officer_query"
        #expect(try await store.query(reads).count == 3)
    }

    @Test("A process killed in the middle of appends loses nothing that was acknowledged, and verify passes")
    func crashDuringAppends() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["bench", "audit", "--data", data, "--entries", "1000000", "--writers", "16",
                             "--checkpoint-every", "200", "--print-durable", "--append-only"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var acknowledged: [(Int, String)] = []
        var buffer = Data()
        let reader = output.fileHandleForReading
        while acknowledged.count < 3000 {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[(newline + 1)...])
                let parts = line.split(separator: " ")
                if parts.count == 3, parts[0] == "durable", let sequence = Int(parts[1]) { acknowledged.append((sequence, String(parts[2]))) }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(acknowledged.count >= 3000)

        let store = try SQLiteLogStore(path: data + "/audit/log.sqlite")
        for (sequence, id) in acknowledged {
            #expect(try store.entry(id: id)?.entry.sequence == sequence)
        }
        #expect(try store.size() >= acknowledged.count)
        let report = try LogVerifier(store: store, verifier: try NoteVerifier(verifierKey: String(contentsOfFile: data + "/keys/log.pub", encoding: .utf8))).verify()
        #expect(report.entries == (try store.size()))
        #expect(report.checkpoints >= 1)
    }
}
