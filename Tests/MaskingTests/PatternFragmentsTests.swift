import Testing
@testable import Masking

@Suite("Pattern fragments shared by a policy file's recognizers")
struct PatternFragmentsTests {
    static func policy(digit: String = "[0-9]", extra: String = "", pattern: String = "(?<![0-9])(?&mobile)(?![0-9])") -> String {
        """
        fragments:
          digit: '\(digit)'
          mobile: '1[3-9](?&digit){9}'\(extra)
        recognizers:
          - id: mobile
            type: PHONE
            pattern: '\(pattern)'
            score: 0.9
        """
    }

    func errors(_ text: String) -> [PolicyError] {
        do {
            _ = try MaskingPolicy.load(sources: [("Policies/pii/test.yaml", text)])
            return []
        } catch {
            return error.errors
        }
    }

    @Test("A pattern calling fragments (which call fragments) finds what the pattern written out finds")
    func expandsTransitively() throws {
        let called = try MaskingPolicy.load(sources: [("test.yaml", Self.policy())])
        let written = try MaskingPolicy.load(sources: [("test.yaml", Self.policy(extra: "", pattern: "(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
            .replacingOccurrences(of: "fragments:\n  digit: '[0-9]'\n  mobile: '1[3-9](?&digit){9}'\n", with: ""))])
        for text in ["电话13812345678", "订单号213812345678", "13812345678和13987654321", "1381234567"] {
            let a = try called.detector.findings(in: text).map { [$0.start, $0.end] }
            let b = try written.detector.findings(in: text).map { [$0.start, $0.end] }
            #expect(a == b, "\(text)")
        }
        #expect(try called.detector.findings(in: "电话13812345678").map(\.start) == [2])
        // The fragments are part of the rules in force: changing one changes what is found and the digest.
        let narrowed = try MaskingPolicy.load(sources: [("test.yaml", Self.policy(digit: "[0-8]"))])
        #expect(try narrowed.detector.findings(in: "电话13812345679").isEmpty)
        #expect(narrowed.digest != called.digest)
    }

    @Test("A fragment's name must be one PCRE2 takes, and the error says where", arguments: ["2digits", "road-name", "名字"])
    func badName(_ name: String) {
        let found = errors(Self.policy(extra: "\n  \(name): '[0-9]'"))
        #expect(found.first?.line == 4, "\(found)")
        #expect(found.first?.message.contains("fragment name \"\(name)\"") == true, "\(found)")
    }

    @Test("A fragment no recognizer calls is an error naming it")
    func uncalled() {
        let found = errors(Self.policy(extra: "\n  road: '(?&digit)路'"))
        #expect(found.count == 1)
        #expect(found.first?.line == 4)
        #expect(found.first?.message.contains("fragment road is called by no recognizer") == true, "\(found)")
    }

    @Test("A fragment that does not compile is reported at its own line, not at every recognizer calling it")
    func badFragment() {
        let found = errors(Self.policy(digit: "[0-9"))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.line == 2)
        #expect(found.first?.message.contains("fragment digit does not compile") == true, "\(found)")
    }

    @Test("A pattern error's byte offset still points into the pattern as written")
    func errorOffsetInPattern() {
        let found = errors(Self.policy(pattern: "(?&mobile)[a-"))
        #expect(found.first?.line == 7, "\(found)")
        #expect(found.first?.message.contains("at byte 13") == true, "\(found)")
    }
}
