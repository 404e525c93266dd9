import Testing
@testable import Gateway

@Suite("Exchange pipeline helpers")
struct ExchangePipelineTests {
    @Test("Mask tags are removed from retrieval queries; other angle brackets stay", arguments: [
        ("我的手机<PHONE_1>丢了", "我的手机 丢了"),
        ("卡<BANK_CARD_12>挂失", "卡 挂失"),
        ("a<b>c", "a<b>c"),
        ("未闭合<PHONE_1", "未闭合<PHONE_1"),
        ("《办法》<CN_ID_1><EMAIL_2>", "《办法》  "),
    ])
    func removingTags(input: String, expected: String) {
        #expect(ExchangePipeline.removingTags(input) == expected)
    }
}
