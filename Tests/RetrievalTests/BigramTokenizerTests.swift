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

    @Test("Match queries quote every token once")
    func matchQuery() {
        #expect(BigramTokenizer.matchQuery("挂失挂失") == #""挂失" OR "失挂""#)
        #expect(BigramTokenizer.matchQuery("、") == nil)
    }
}
