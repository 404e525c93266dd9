import Foundation
import Testing
@testable import Retrieval

@Suite("Bigram tokenizer")
struct BigramTokenizerTests {
    @Test("Chinese runs become overlapping bigrams; ASCII words and numbers stay whole")
    func tokens() {
        #expect(BigramTokenizer.tokens("罚金数额") == ["罚金", "金数", "数额"])
        #expect(BigramTokenizer.tokens("第28条 PIPL法") == ["第", "28", "条", "pipl", "法"])
        #expect(BigramTokenizer.tokens("，。") == [])
    }

    @Test("Reading by scalars gives the tokens reading by characters gives, and is used for regulations and questions")
    func scalarPathAgrees() throws {
        // Scalars that join into one character with their neighbours (combining marks, ZWJ,
        // variation selectors, Hangul jamo, regional indicators) are in the pool on purpose.
        let pool: [Unicode.Scalar] = ["罚", "金", "数", "额", "第", "条", "a", "Z", "7", " ", "\r", "\n", "，", "。", "“", "”", "—",
                                      "Ａ", "１", "é", "\u{301}", "\u{200D}", "\u{FE0F}", "\u{E0100}", "\u{302A}", "\u{1100}",
                                      "\u{1161}", "\u{1F1E8}", "\u{1F1F3}", "😀", "\u{FF9E}", "カ", "\u{3099}", "\u{20000}"]
        var generator = SystemRandomNumberGenerator()
        // Kept small: a synchronous test holds one of the test run's few threads (debug build).
        for _ in 0..<600 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &generator) { text.append(pool.randomElement(using: &generator)!) }
            let string = String(text)
            #expect(BigramTokenizer.tokens(string) == BigramTokenizer.characterTokens(string), "\(string.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        let regulations = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Deploy/samples/regulations")
        let files = try FileManager.default.contentsOfDirectory(at: regulations, includingPropertiesForKeys: nil).filter { $0.pathExtension == "md" }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(BigramTokenizer.scalarTokens(text) != nil, "\(file.lastPathComponent) should take the scalar path")
            let opening = String(text.prefix(1_500))
            #expect(BigramTokenizer.scalarTokens(opening) == BigramTokenizer.characterTokens(opening))
        }
        #expect(BigramTokenizer.scalarTokens("我的手机号是13812345678，银行卡丢了怎么挂失？ How do I dispute a charge?") != nil)
    }

    @Test("Match queries quote every token once")
    func matchQuery() {
        #expect(BigramTokenizer.matchQuery("挂失挂失") == #""挂失" OR "失挂""#)
        #expect(BigramTokenizer.matchQuery("、") == nil)
    }
}
