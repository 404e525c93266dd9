import Foundation
import Scrubbing
import Testing

@Suite("A whole file: order, quarantine, rejects, arrays, safety of the input")
struct ScrubJobTests {
    func job(_ folder: String, input: String, checkAnswers: Bool = false, configure: (inout ScrubJobOptions) -> Void = { _ in }) -> ScrubJob {
        var options = ScrubJobOptions(input: folder + "/" + input, output: folder + "/out")
        options.checkAnswers = checkAnswers
        options.batchSize = 3   // several batches even for small files
        configure(&options)
        return ScrubJob(options: options) { layout in try ScrubFixtures.scrubber(layout, checkAnswers: checkAnswers) }
    }

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing>" }

    @Test("JSON lines: output in input order, blank lines kept, bad samples quarantined, unreadable lines rejected by line number")
    func jsonLines() throws {
        let folder = try ScrubFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var lines: [String] = []
        for index in 0..<20 {
            lines.append(#"{"instruction": "客户\#(index)号手机1381234\#(String(format: "%04d", index))", "output": "【政策依据】《商业银行法》第二十九条。\n【简明解释】好的\#(index)"}"#)
        }
        lines[4] = #"{"instruction": "q", "output": "亲，好的"}"#
        lines[7] = "{\"instruction\": \"broken"
        lines[9] = ""
        var bytes = Data(lines.joined(separator: "\n").utf8)
        bytes.append(contentsOf: [0x0A, 0x7B, 0xFF, 0x7D, 0x0A])   // line 21: invalid UTF-8
        try bytes.write(to: URL(fileURLWithPath: folder + "/in.jsonl"))

        let job = job(folder, input: "in.jsonl", checkAnswers: true)
        let summary = try job.run()
        try job.publish(summary)
        #expect(summary.layout == .alpaca)
        #expect(summary.tally.recordsIn == 20 && summary.tally.recordsOut == 17 && summary.tally.quarantined == 1 && summary.tally.rejected == 2)
        #expect(summary.tally.findingsByType["PHONE"] == 17)
        #expect(summary.tally.findingsByField["instruction"]?["PHONE"] == 17)

        let output = read(folder + "/out").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(output.count == 19)   // 17 records, the blank line (line 10), and the final newline
        #expect(output[0].contains("客户0号手机<PHONE_1>") && output[17].contains("好的19"))
        #expect(output[7] == "")
        #expect(!read(folder + "/out").contains("1381234"))

        let quarantined = read(folder + "/out.quarantine.jsonl")
        #expect(quarantined.hasPrefix(#"{"line":5,"reasons":["output: shape: missing section 【政策依据】","output: tone: banned phrase “亲”"],"record":{"instruction": "q""#), "\(quarantined)")
        let rejects = read(folder + "/out.rejects.jsonl").split(separator: "\n")
        #expect(rejects == [#"{"line":8,"error":"invalid JSON at byte 23: unterminated string","bytes":23}"#,
                            #"{"line":21,"error":"invalid UTF-8 at byte 1 of the record","bytes":3}"#])
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.partial"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.partial.state"))
    }

    @Test("a pretty-printed JSON array stays a valid array with its layout when elements are dropped")
    func jsonArray() throws {
        let folder = try ScrubFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = """
            [
              {"text": oops},
              {"text": "手机13812345678",
               "id": 1},
              {"text": "没有个人信息", "id": 2}
            ]

            """
        try input.write(toFile: folder + "/in.json", atomically: true, encoding: .utf8)
        let job = job(folder, input: "in.json")
        let summary = try job.run()
        try job.publish(summary)
        #expect(summary.container == .jsonArray)
        #expect(summary.tally.recordsIn == 3 && summary.tally.recordsOut == 2 && summary.tally.rejected == 1)
        let output = read(folder + "/out")
        #expect(output == """
            [
              {"text": "手机<PHONE_1>",
               "id": 1},
              {"text": "没有个人信息", "id": 2}
            ]

            """)
        #expect(read(folder + "/out.rejects.jsonl").hasPrefix(#"{"line":2,"error":"invalid JSON at byte 9: expected a value, found 'o'""#))
    }

    @Test("an array cut off before ']' is closed in the output and the cut reported")
    func truncatedArray() throws {
        let folder = try ScrubFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #"[{"text": "a"}, {"text": "b"}"#.write(toFile: folder + "/in.json", atomically: true, encoding: .utf8)
        let job = job(folder, input: "in.json")
        let summary = try job.run()
        try job.publish(summary)
        let output = read(folder + "/out")
        #expect(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Any] != nil, "\(output)")
        #expect(read(folder + "/out.rejects.jsonl").contains("missing ']'"))
    }

    @Test("a record over the size limit is rejected and skipped without holding it in memory")
    func oversizedRecord() throws {
        let folder = try ScrubFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let big = #"{"text": ""# + String(repeating: "x", count: 3_000_000) + #""}"#
        try ([#"{"text": "a"}"#, big, #"{"text": "b"}"#].joined(separator: "\n") + "\n").write(toFile: folder + "/in.jsonl", atomically: true, encoding: .utf8)
        let job = job(folder, input: "in.jsonl") { $0.maximumRecordBytes = 1 << 20 }
        let summary = try job.run()
        try job.publish(summary)
        #expect(read(folder + "/out") == "{\"text\": \"a\"}\n{\"text\": \"b\"}\n")
        #expect(read(folder + "/out.rejects.jsonl").hasPrefix(#"{"line":2,"error":"record of 3000012 bytes is longer than the limit of 1048576 bytes"#))
    }

    @Test("--resume refuses an input rewritten in place with the same size, and continues an unchanged one")
    func resumeRefusesChangedInput() throws {
        let folder = try ScrubFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/in.jsonl"
        let lines = (0..<9).map { #"{"text": "客户\#($0)号手机1381234000\#($0)"}"# }
        try lines.joined(separator: "\n").write(toFile: input, atomically: false, encoding: .utf8)
        // A run that is not published leaves its partial output and state, as a killed one does.
        _ = try job(folder, input: "in.jsonl").run()
        #expect(FileManager.default.fileExists(atPath: folder + "/out.partial.state"))
        let resumed = try job(folder, input: "in.jsonl") { $0.resume = true }.run()
        #expect(resumed.resumed && resumed.tally.recordsIn == 9)

        // Same size, other content (another customer's number), written later.
        try lines.joined(separator: "\n").replacingOccurrences(of: "13812340003", with: "13912340003")
            .write(toFile: input, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: input)
        do {
            _ = try job(folder, input: "in.jsonl") { $0.resume = true }.run()
            Issue.record("a modified input must not be resumed")
        } catch let error as ScrubError {
            #expect(error.description.contains("the input was replaced or modified since the interrupted run"), "\(error)")
        }
    }

    @Test("never writes over its input, and says so")
    func refusesToOverwriteInput() throws {
        let folder = try ScrubFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #"{"text": "手机13812345678"}"#.write(toFile: folder + "/in.jsonl", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.jsonl", withDestinationPath: folder + "/in.jsonl")
        var options = ScrubJobOptions(input: folder + "/in.jsonl", output: folder + "/link.jsonl")
        let job = ScrubJob(options: options) { try ScrubFixtures.scrubber($0) }
        #expect(throws: ScrubError.self) { try job.run() }
        options.output = folder + "/in.jsonl"
        #expect(throws: ScrubError.self) { try ScrubJob(options: options) { try ScrubFixtures.scrubber($0) }.run() }
        #expect(read(folder + "/in.jsonl") == #"{"text": "手机13812345678"}"#)
    }

    @Test("a layout that cannot be detected is an error naming the keys and the options")
    func undetectableLayout() throws {
        let folder = try ScrubFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #"{"q": "x", "a": "y"}"#.write(toFile: folder + "/in.jsonl", atomically: true, encoding: .utf8)
        do {
            _ = try job(folder, input: "in.jsonl").run()
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("first record's keys [q, a]") && "\(error)".contains("--fields"))
        }
    }
}
