import Foundation
import SyntheticData
import Testing

/// `hegui scrub` as a data team runs it: audit lineage, reports, dataset_info, pseudonyms across
/// files, resume after a kill, constant memory on a large file.
@Suite("hegui scrub")
struct ScrubCommandLineTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-scrub-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let generated = try CommandLineTests.run(["keys", "generate", "--data", folder + "/data"])
        #expect(generated.status == 0, "\(generated.stderr)")
    }

    func scrub(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try CommandLineTests.run(["scrub"] + arguments + ["--data", folder + "/data", "--policy", GatewayFixture.policies], environment: environment)
    }

    func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static func write(_ layout: FineTuningCorpus.Layout, records: Int, to path: String) throws {
        var corpus = FineTuningCorpus(layout: layout)
        let lines = (0..<records).compactMap { _ in corpus.next() }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("report, dataset_info.json and a scrub_job audit entry linking the input and output digests")
    func lineage() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.write(.sharegpt, records: 200, to: folder + "/train.jsonl")
        let result = try scrub([folder + "/train.jsonl", "--out", folder + "/clean.jsonl", "--report", folder + "/report.json",
                                "--check-answers", "--emit-dataset-info"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("records: 200 in"), "\(result.stderr)")
        let report = try json(folder + "/report.json")
        let records = try #require(report["records"] as? [String: Int])
        #expect(records["in"] == 200 && records["out"]! + records["quarantined"]! == 200 && records["quarantined"]! > 0)
        let output = try #require(report["output"] as? [String: Any])
        let input = try #require(report["input"] as? [String: Any])
        let outputBytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/clean.jsonl"))
        #expect(output["bytes"] as? Int == outputBytes.count)
        #expect((report["findings_by_type"] as? [String: Int])?["PHONE"] ?? 0 > 50)
        #expect(report["layout"] as? String == "sharegpt")
        let examples = try #require(report["masked_examples"] as? [String])
        #expect(!examples.isEmpty && examples.allSatisfy { $0.contains("<") })

        let info = try json(folder + "/dataset_info.json")
        let entry = try #require(info["clean"] as? [String: Any])
        #expect(entry["file_name"] as? String == "clean.jsonl" && entry["formatting"] as? String == "sharegpt")

        let audit = try CommandLineTests.run(["audit", "query", "--kind", "scrub_job", "--data", folder + "/data"])
        #expect(audit.status == 0, "\(audit.stderr)")
        let line = try #require(audit.stdout.split(separator: "\n").first)
        let logged = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let details = try #require(logged["details"] as? [String: String])
        #expect(details["input_sha256"] == input["sha256"] as? String)
        #expect(details["output_sha256"] == output["sha256"] as? String)
        #expect(logged["id"] as? String == report["audit_id"] as? String)
        #expect(logged["policy_digest"] as? String == report["policy_digest"] as? String)
    }

    @Test("--pseudonymize: one customer, one token in two different files; no key, a clear refusal")
    func pseudonymsAcrossFiles() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #"{"text": "客户手机13812345678"}"#.write(toFile: folder + "/a.jsonl", atomically: true, encoding: .utf8)
        try #"{"messages": [{"role": "user", "content": "我的电话是138-1234-5678"}]}"#.write(toFile: folder + "/b.jsonl", atomically: true, encoding: .utf8)
        let key = ["HEGUI_PSEUDONYM_KEY": String(repeating: "k", count: 40)]
        #expect(try scrub([folder + "/a.jsonl", "--out", folder + "/a.out", "--pseudonymize"], environment: key).status == 0)
        #expect(try scrub([folder + "/b.jsonl", "--out", folder + "/b.out", "--pseudonymize"], environment: key).status == 0)
        let first = try String(contentsOfFile: folder + "/a.out", encoding: .utf8)
        let second = try String(contentsOfFile: folder + "/b.out", encoding: .utf8)
        let token = try #require(first.firstMatch(of: /<PHONE_[0-9a-f]{12}>/)).output
        #expect(second.contains(token), "\(first) / \(second)")

        let refused = try scrub([folder + "/a.jsonl", "--out", folder + "/c.out", "--pseudonymize"], environment: ["HEGUI_PSEUDONYM_KEY": ""])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("HEGUI_PSEUDONYM_KEY"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/c.out"))
    }

    @Test("killed midway, --resume finishes the job with the same output as an uninterrupted run")
    func resumeAfterKill() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.write(.openai, records: 3000, to: folder + "/in.jsonl")
        let key = ["HEGUI_PSEUDONYM_KEY": String(repeating: "k", count: 40)]
        let otherKey = ["HEGUI_PSEUDONYM_KEY": String(repeating: "o", count: 40)]
        #expect(try scrub([folder + "/in.jsonl", "--out", folder + "/reference.jsonl", "--report", folder + "/reference.json", "--pseudonymize"],
                          environment: key).status == 0)

        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["scrub", folder + "/in.jsonl", "--out", folder + "/out.jsonl", "--batch", "64", "--pseudonymize",
                             "--data", folder + "/data", "--policy", GatewayFixture.policies]
        process.environment = ProcessInfo.processInfo.environment.merging(key) { $1 }
        process.standardError = FileHandle.nullDevice
        try process.run()
        let state = folder + "/out.jsonl.partial.state"
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: state),
               let saved = try? JSONSerialization.jsonObject(with: data) as? [String: Any], (saved["input_offset"] as? Int ?? 0) > 0 {
                break
            }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the job finished before it could be killed")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.jsonl"), "nothing is published before the job ends")

        let otherSettings = try scrub([folder + "/in.jsonl", "--out", folder + "/out.jsonl", "--check-answers", "--pseudonymize", "--resume"],
                                      environment: key)
        #expect(otherSettings.status != 0 && otherSettings.stderr.contains("cannot resume: the interrupted run used other settings"), "\(otherSettings.stderr)")
        // Another pseudonym key would give one customer two pseudonyms in one dataset.
        let otherKeyRun = try scrub([folder + "/in.jsonl", "--out", folder + "/out.jsonl", "--pseudonymize", "--resume"], environment: otherKey)
        #expect(otherKeyRun.status != 0 && otherKeyRun.stderr.contains("cannot resume: the interrupted run used other settings"), "\(otherKeyRun.stderr)")
        #expect(!otherKeyRun.stderr.contains(String(repeating: "k", count: 40)), "the key itself is never printed")

        let resumed = try scrub([folder + "/in.jsonl", "--out", folder + "/out.jsonl", "--report", folder + "/resumed.json", "--pseudonymize", "--resume"],
                                environment: key)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/out.jsonl")) == Data(contentsOf: URL(fileURLWithPath: folder + "/reference.jsonl")))
        let reference = try json(folder + "/reference.json"), report = try json(folder + "/resumed.json")
        #expect(report["resumed"] as? Bool == true)
        let keyID = try #require(report["pseudonym_key_id"] as? String)
        #expect(keyID.hasPrefix("hk_") && keyID.count == 19 && keyID == reference["pseudonym_key_id"] as? String)
        #expect(report["records"] as? [String: Int] == reference["records"] as? [String: Int])
        #expect(report["findings_by_type"] as? [String: Int] == reference["findings_by_type"] as? [String: Int])
        #expect((report["input"] as? [String: Any])?["sha256"] as? String == (reference["input"] as? [String: Any])?["sha256"] as? String)
        #expect((report["output"] as? [String: Any])?["sha256"] as? String == (reference["output"] as? [String: Any])?["sha256"] as? String)
    }

    @Test("the report's peak memory is the scrub's own, not that of the process that started it")
    func peakMemoryIsItsOwn() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // This process touches 400 MB first. A child started with posix_spawn inherits the
        // parent's peak in getrusage's ru_maxrss, and a scrub of one line had reported it.
        let ballast = UnsafeMutableRawBufferPointer.allocate(byteCount: 400 << 20, alignment: 4096)
        defer { ballast.deallocate() }
        for page in stride(from: 0, to: ballast.count, by: 4096) { ballast[page] = 1 }
        let input = folder + "/one.jsonl"
        try #"{"text": "手机13812345678"}"#.appending("\n").write(toFile: input, atomically: true, encoding: .utf8)
        let result = try scrub([input, "--out", folder + "/one-out.jsonl", "--fields", "text", "--report", folder + "/one.json"])
        #expect(result.status == 0, "\(result.stderr)")
        let peak = try #require(try json(folder + "/one.json")["peak_memory_megabytes"] as? Int)
        #expect(peak > 0 && peak < 300, "a one-line scrub reported a peak of \(peak) MB")
    }

    @Test("a 100 MB file is scrubbed in the same memory as a 10 MB one")
    func constantMemory() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Large records whose bulk is a field outside --fields, so the debug build reads, parses,
        // hashes and writes 100 MB in test time; masking speed is measured by `hegui bench scrub`.
        func generate(_ path: String, megabytes: Int) throws {
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            defer { try? handle.close() }
            let filler = String(repeating: "业务流水记录 ", count: 2_000)
            var written = 0, index = 0
            while written < megabytes * 1_000_000 {
                var chunk = Data()
                for _ in 0..<100 {
                    index += 1
                    chunk.append(contentsOf: #"{"text": "客户\#(index)号手机13812345678", "log": "\#(filler)"}"#.utf8)
                    chunk.append(0x0A)
                }
                written += chunk.count
                try handle.write(contentsOf: chunk)
            }
        }
        var peaks: [Int] = []
        for megabytes in [10, 100] {
            let input = folder + "/in-\(megabytes).jsonl"
            try generate(input, megabytes: megabytes)
            let result = try scrub([input, "--out", folder + "/out-\(megabytes).jsonl", "--fields", "text", "--report", folder + "/r\(megabytes).json"])
            #expect(result.status == 0, "\(result.stderr)")
            let report = try json(folder + "/r\(megabytes).json")
            #expect((report["findings_by_type"] as? [String: Int])?["PHONE"] == (report["records"] as? [String: Int])?["in"])
            peaks.append(try #require(report["peak_memory_megabytes"] as? Int))
            try FileManager.default.removeItem(atPath: input)
            try FileManager.default.removeItem(atPath: folder + "/out-\(megabytes).jsonl")
        }
        #expect(peaks[1] <= peaks[0] + 40, "peak memory grew with the file: \(peaks[0]) MB for 10 MB, \(peaks[1]) MB for 100 MB")
        #expect(peaks[1] < 250, "peak memory \(peaks[1]) MB")
    }
}
