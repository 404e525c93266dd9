import Foundation
import Scrubbing
import Testing

@Suite("JSON string literals")
struct JSONTextTests {
    @Test("quoted text decodes back to itself, with line separators and control characters escaped")
    func roundTrip() throws {
        var samples = ["", "plain", "引号\"和\\反斜杠", "换行\n回车\r制表\t", "…省略号—破折号", "行\u{2028}分\u{2029}段", "😀 emoji", "\u{0}\u{1}\u{1F}\u{7F}"]
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\u{1}", "中", "…", "\u{2028}", "\u{2029}", "😀", "\u{E2}", "\u{80}"]
        for _ in 0..<200 {
            samples.append(String(String.UnicodeScalarView((0..<20).map { _ in alphabet.randomElement(using: &generator)! })))
        }
        for sample in samples {
            let literal = JSONText.quoted(sample)
            #expect(!literal.contains("\u{2028}") && !literal.contains("\u{2029}") && !literal.contains("\n"))
            let decoded = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
            #expect(decoded == [sample], "\(literal)")
        }
        #expect(JSONText.quoted("…") == "\"…\"")
        #expect(JSONText.quoted("a\u{2028}b") == #""a\u2028b""#)
        #expect(JSONText.quoted("\u{1}") == #""\u0001""#)
        #expect(JSONText.quoted("\u{1F}x\u{1B}") == #""\u001fx\u001b""#)
    }
}
