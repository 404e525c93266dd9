import Testing
@testable import Masking

@Suite("Person names")
struct PersonNameTests {
    let masker: Masker
    init() throws { masker = try RepositoryPolicy.masker() }

    func names(_ text: String) throws -> [String] {
        try masker.mask(text).findings.filter { $0.type == .person }.map { text.codePoints($0.start..<$0.end) }
    }

    @Test("Names with cues before or after, or made of common given-name characters", arguments: [
        ("持卡人：刘德华", ["刘德华"]),
        ("联系人是孙丽", ["孙丽"]),
        ("张经理说可以", ["张"]),
        ("陈子涵昨天来过", ["陈子涵"]),
        ("请诸葛亮先生到柜台", ["诸葛亮"]),
        ("转账给司马懿", ["司马懿"]),
        ("赵敏、周芷若、殷离都是客户", ["赵敏", "周芷若", "殷离"]),
        ("周杰伦明天来", ["周杰伦"]),
        ("王小明说卡丢了", ["王小明"]),            // 小 leads a given name
        ("唐发蓉昨天来过", ["唐发蓉"]),
        ("Hi, my name is John Jones Thanks.", ["John Jones"]),     // the next sentence's first word is no surname
        ("my name is Laura Thompson He said it was fine", ["Laura Thompson"]),
        ("Dear Mary Ann Smith, your card is ready", ["Mary Ann Smith"]),          // 伦 was missing from the given-name characters: 周杰 was masked, 伦 left
        ("陈东说卡丢了", ["陈东"]),
    ])
    func found(text: String, expected: [String]) throws {
        #expect(try names(text) == expected)
    }

    @Test("Ordinary words that start with a surname character are not names", arguments: [
        "您的余额不足，金额有误",
        "很高兴为您服务，周末也营业",
        "黄金价格上涨，常用功能在首页",
        "马上为您查询，任何问题请致电",
        "申请已提交，关于费用的问题",
        "方便的话请提供原因",
        // 小, 发 and 根 count only as the first of two given characters: after a surname character
        // alone or before a non-name character they are words.
        "冬季是流感高发期，按周小时计费",
        "石根本不知道，林小组长说了",
        "熊小孩和谢小费的事",
    ])
    func notNames(text: String) throws {
        #expect(try names(text).isEmpty)
    }

    @Test("An ambiguous surname needs a cue")
    func ambiguousSurname() throws {
        #expect(try names("于洋来了").isEmpty)
        #expect(try names("客户于洋来了") == ["于洋"])
    }

    @Test("Hostile input: a megabyte of surnames, digits or separators finishes with a result or a clear error")
    func hostileInputs() throws {
        let texts = [String(repeating: "王李张", count: 330_000), String(repeating: "1 ", count: 500_000),
                     String(repeating: "北京市朝阳区", count: 150_000), String(repeating: "a@", count: 400_000)]
        for text in texts {
            let outcome = Result { () throws(MaskingError) -> MaskResult in try masker.mask(text) }
            if case let .failure(error) = outcome { #expect(error.description.contains("limit")) }
        }
    }
}
