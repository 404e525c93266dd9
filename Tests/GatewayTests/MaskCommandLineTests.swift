import Foundation
import Testing

/// The masking command-line contract other tools rely on: `hegui mask --jsonl`, `hegui policy lint|test`.
@Suite("hegui mask and policy commands")
struct MaskCommandLineTests {
    static let policies = GatewayFixture.policies

    @Test("mask --jsonl: one line per input, in input order, code-point offsets, ids echoed as given")
    func jsonLines() throws {
        var input = ""
        for index in 0..<300 {
            let text = index % 3 == 0 ? "客户张伟，手机１３８１２３４５６７８" : index % 3 == 1 ? "没有个人信息 \(index)" : "邮箱zhang.wei\(index)@qq.com"
            let object: [String: Any] = ["id": index % 2 == 0 ? index as Any : "r\(index)" as Any, "text": text]
            input += String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) + "\n"
        }
        let result = try CommandLineTests.run(["mask", "--jsonl", "--policy", Self.policies, "--batch", "64"], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 300)
        for (index, line) in lines.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if index % 2 == 0 { #expect(object["id"] as? Int == index) } else { #expect(object["id"] as? String == "r\(index)") }
            let findings = try #require(object["findings"] as? [[String: Any]])
            if index % 3 == 0 {
                #expect(object["masked"] as? String == "客户<PERSON_1>，手机<PHONE_1>")
                #expect(findings.map { $0["type"] as? String } == ["PERSON", "PHONE"])
                #expect(findings[1]["start"] as? Int == 7 && findings[1]["end"] as? Int == 18)
                #expect(findings[1]["recognizer"] as? String == "cn_mobile")
                #expect(findings[0]["reason"] as? String == "surname 张; cue 客户; given-name model")
            } else if index % 3 == 1 {
                #expect(findings.isEmpty)
            } else {
                #expect(findings.first?["type"] as? String == "EMAIL")
            }
        }
    }

    @Test("bench mask --input measures the given texts: JSON lines by their text field, plain text by line")
    func benchOnOwnTexts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-bench-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let jsonl = folder.appendingPathComponent("texts.jsonl").path
        try "{\"id\": 1, \"text\": \"手机13812345678\"}\n{\"id\": 2, \"text\": \"邮箱a@b.cn\"}\n\n{\"id\": 3, \"text\": \"没有\"}\n"
            .write(toFile: jsonl, atomically: true, encoding: .utf8)
        let plain = folder.appendingPathComponent("texts.txt").path
        try "第一行 13812345678\n第二行\n".write(toFile: plain, atomically: true, encoding: .utf8)

        let fromJSONL = try CommandLineTests.run(["bench", "mask", "--policy", Self.policies, "--passes", "1", "--input", jsonl])
        #expect(fromJSONL.status == 0, "\(fromJSONL.stderr)")
        #expect(fromJSONL.stdout.contains("\(jsonl): 3 messages"))
        #expect(fromJSONL.stdout.contains("findings per pass: 2"), "the phone and the e-mail, from the text fields only")
        let fromText = try CommandLineTests.run(["bench", "mask", "--policy", Self.policies, "--passes", "1", "--input", plain])
        #expect(fromText.stdout.contains("\(plain): 2 messages") && fromText.stdout.contains("findings per pass: 1"))
        // Per recognizer: its cost in the detector, and for a pattern its PCRE2 scan alone; then the
        // sum of the scans, the floor PCRE2 puts under the figures.
        let perRecognizer = try CommandLineTests.run(["bench", "mask", "--policy", Self.policies, "--passes", "1", "--input", plain, "--per-recognizer"])
        #expect(perRecognizer.status == 0, "\(perRecognizer.stderr)")
        let lines = perRecognizer.stdout.split(separator: "\n").map(String.init)
        let mobile = try #require(lines.first { $0.hasPrefix("  cn_mobile ") }, "\(perRecognizer.stdout)")
        #expect(mobile.components(separatedBy: "ns/message").count == 3, "in the detector and scan alone: \(mobile)")
        let names = try #require(lines.first { $0.hasPrefix("  zh_person ") })
        #expect(names.components(separatedBy: "ns/message").count == 2, "not a pattern, so no scan column: \(names)")
        #expect(lines.contains { $0.contains("PCRE2 scans alone, every pattern over every text:") && $0.contains("MB/s on one core") })
        let withQuality = try CommandLineTests.run(["bench", "mask", "--policy", Self.policies, "--input", plain, "--quality"])
        #expect(withQuality.status != 0 && withQuality.stderr.contains("cannot be combined with --input"))
    }

    @Test("mask --jsonl: a bad line gets an error line with its number, the rest is masked, the exit status is 1")
    func badLines() throws {
        let input = "{\"id\":1,\"text\":\"手机13812345678\"}\nnot json\n{\"id\":3}\n{\"id\":4,\"text\":\"好的\"}\n"
        let result = try CommandLineTests.run(["mask", "--jsonl", "--policy", Self.policies], stdin: input)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].contains("<PHONE_1>"))
        #expect(lines[1].contains("\"line\":2") && lines[1].contains("not a JSON object"))
        #expect(lines[2].contains("missing string field text"))
        #expect(lines[3] == "{\"id\":4,\"masked\":\"好的\",\"findings\":[]}")
        #expect(!result.stdout.contains("13812345678"))
    }

    @Test("policy lint passes the shipped policy and prints its digest; a broken file is named with its line")
    func lint() throws {
        let good = try CommandLineTests.run(["policy", "lint", "--policy", Self.policies])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("digest sha256:"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-policy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("pii"), withIntermediateDirectories: true)
        try "recognizers:\n  - id: broken\n    type: PHONE\n    pattern: '1[3-9'\n    score: 0.9\n    validator: nope\n"
            .write(to: folder.appendingPathComponent("pii/bad.yaml"), atomically: true, encoding: .utf8)
        let bad = try CommandLineTests.run(["policy", "lint", "--policy", folder.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.yaml:6:"), "\(bad.stderr)")
        #expect(bad.stderr.contains("unknown validator nope"))
    }

    @Test("policy test runs the examples file and fails on a mismatch")
    func examples() throws {
        let examples = GatewayFixture.repository.appendingPathComponent("Policies/tests/pii-examples.yaml").path
        let pass = try CommandLineTests.run(["policy", "test", examples, "--policy", Self.policies])
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")
        #expect(pass.stdout.contains("examples pass"))

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("examples-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "- text: 手机13812345678\n  findings: []\n".write(to: file, atomically: true, encoding: .utf8)
        let fail = try CommandLineTests.run(["policy", "test", file.path, "--policy", Self.policies])
        #expect(fail.status == 1)
        #expect(fail.stdout.contains("unexpected PHONE \"13812345678\""))
    }
}
