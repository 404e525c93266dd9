import Crypto
import Foundation
import JSONCore
@testable import Scrubbing
import Testing

@Suite("One record: every layout keeps its structure, only the strings (and numbers that are personal) change")
struct RecordScrubberTests {
    static let phone = "13812345678"
    static let layouts: [(String, DatasetLayout, String)] = [
        ("alpaca", .alpaca, #"{"instruction": "客户张伟的手机13812345678", "input": "", "output": "【政策依据】《商业银行法》第二十九条。\n【简明解释】已为张伟登记。", "system": "你是客服", "history": [["我叫李娜，电话13812345678", "好的"]], "score": 0.5, "ok": true, "n": null}"#),
        ("sharegpt", .sharegpt, #"{"conversations": [{"from": "human", "value": "客户张伟，手机13812345678"}, {"from": "gpt", "value": "【政策依据】x\n【简明解释】张伟您好"}], "system": "你是客服", "tools": "[]"}"#),
        ("openai", .openai, #"{"messages":[{"role":"system","content":"你是客服"},{"role":"user","content":[{"type":"text","text":"客户张伟，手机13812345678"}]},{"role":"assistant","content":"【政策依据】x\n【简明解释】好的","weight":1}]}"#),
        ("preference", .preference, #"{"conversations": [{"from": "human", "value": "客户张伟手机13812345678"}], "chosen": {"from": "gpt", "value": "【政策依据】x\n【简明解释】张伟您好"}, "rejected": {"from": "gpt", "value": "亲，13812345678收到"}}"#),
        ("text", .text, "{\"text\": \"客户张伟，手机13812345678\",   \"meta\": {\"source\": \"call-7\", \"len\": 12}}"),
    ]

    @Test("each layout round-trips: same skeleton, the phone number masked, names tagged", arguments: 0..<5)
    func layoutRoundTrip(index: Int) throws {
        let (name, layout, record) = Self.layouts[index]
        let input = Data(record.utf8)
        #expect(DatasetLayout.detect(try JSONParser.parse(input)) == layout, "\(name)")
        let outcome = try ScrubFixtures.scrubber(layout).scrub(input)
        let output = try #require(outcome.text, "\(name): \(outcome)")
        #expect(!output.contains(Self.phone), "\(name): \(output)")
        #expect(!output.contains("张伟"), "\(name): \(output)")
        #expect(output.contains("<PHONE_1>") && output.contains("<PERSON_1>"), "\(name): \(output)")
        #expect(try ScrubFixtures.skeleton(Data(output.utf8)) == ScrubFixtures.skeleton(input), "\(name)")
    }

    @Test("a field's name labels its value: customer fields with no cue of their own are masked, numbers too (as strings); the same value under another name stays")
    func fieldNamesLabelValues() throws {
        let scrubber = try ScrubFixtures.scrubber(.alpaca)
        let record = Data(#"{"instruction": "查询客户", "input": "", "output": "好的", "customer": {"name": "钱立群", "home_phone": "88886666", "idNumber": "110105491231002", "dob": "1990-03-07", "mobile": 13812345678, "card": 6222021234567890128}, "note": "88886666", "count": 12}"#.utf8)
        let output = try #require(scrubber.scrub(record).text)
        #expect(output == #"{"instruction": "查询客户", "input": "", "output": "好的", "customer": {"name": "<PERSON_1>", "home_phone": "<PHONE_1>", "idNumber": "<CN_ID_1>", "dob": "<DATE_OF_BIRTH_1>", "mobile": "<PHONE_2>", "card": "<BANK_CARD_1>"}, "note": "88886666", "count": 12}"#)
        // "note": "88886666" was found clean; the same text as a phone is still masked, not skipped by the cache.
        #expect(scrubber.cleanTexts.contains("88886666"))
        let again = try #require(scrubber.scrub(Data(#"{"text": "x", "phone": "88886666"}"#.utf8)).text)
        #expect(again == #"{"text": "x", "phone": "<PHONE_1>"}"#)
    }

    @Test("a turn that only answers the assistant's question for a value, or follows one naming it, is masked as that value (sharegpt, openai, alpaca)")
    func repliesToQuestions() throws {
        let sharegpt = Data(#"{"conversations": [{"from": "human", "value": "我要挂失"}, {"from": "gpt", "value": "好的，请问您的姓名？"}, {"from": "human", "value": "钱立群"}, {"from": "gpt", "value": "请提供您的身份证号码"}, {"from": "human", "value": "110105491231002"}, {"from": "gpt", "value": "好的"}, {"from": "human", "value": "88886666"}]}"#.utf8)
        let output = try #require(try ScrubFixtures.scrubber(.sharegpt).scrub(sharegpt).text)
        #expect(output.contains(#""value": "<PERSON_1>""#) && output.contains(#""value": "<CN_ID_1>""#), "\(output)")
        #expect(output.contains(#""value": "88886666""#), "a reply to no question for a value stays: \(output)")
        // alpaca writes the last question (instruction) before the history holding the reply it answers.
        let alpaca = Data(#"{"instruction": "110105491231002", "input": "", "output": "好的", "history": [["我要挂失", "请问您的姓名？"], ["钱立群", "请提供您的身份证号码"]]}"#.utf8)
        let scrubbed = try #require(try ScrubFixtures.scrubber(.alpaca).scrub(alpaca).text)
        #expect(scrubbed == #"{"instruction": "<CN_ID_1>", "input": "", "output": "好的", "history": [["我要挂失", "请问您的姓名？"], ["<PERSON_1>", "请提供您的身份证号码"]]}"#)
        let openai = Data(#"{"messages": [{"role": "assistant", "content": "您的联系电话是？"}, {"role": "user", "content": "88886666"}, {"role": "user", "content": "我的身份证号是"}, {"role": "user", "content": "110105491231002"}]}"#.utf8)
        let masked = try #require(try ScrubFixtures.scrubber(.openai).scrub(openai).text)
        #expect(masked == #"{"messages": [{"role": "assistant", "content": "您的联系电话是？"}, {"role": "user", "content": "<PHONE_1>"}, {"role": "user", "content": "我的身份证号是"}, {"role": "user", "content": "<CN_ID_1>"}]}"#)
    }

    @Test("an unchanged record comes back as the very same bytes, escapes and all")
    func untouchedRecordIsIdentical() throws {
        let record = Data(#"{"text": "\u4f60\u597d\n no personal data here", "x": 1.50}"#.utf8)
        let outcome = try ScrubFixtures.scrubber(.text).scrub(record)
        #expect(outcome.text == String(decoding: record, as: UTF8.self))
    }

    @Test("strings found clean are remembered and skip the masker next time; strings with personal data never are")
    func cleanStringsRemembered() throws {
        let scrubber = try ScrubFixtures.scrubber(.sharegpt)
        let record = Data(#"{"conversations": [{"from": "human", "value": "手机13812345678"}, {"from": "gpt", "value": "好的，已为您登记"}], "system": "你是客服"}"#.utf8)
        let first = try #require(scrubber.scrub(record).text)
        #expect(scrubber.cleanTexts.contains("你是客服") && scrubber.cleanTexts.contains("好的，已为您登记"))
        #expect(!scrubber.cleanTexts.contains("手机13812345678"))
        let second = try #require(scrubber.scrub(record).text)
        #expect(second == first)
        #expect(second.contains("手机<PHONE_1>"))
    }

    @Test("--fields masks only the listed paths (arrays entered along the way)")
    func customFields() throws {
        let record = Data(#"{"dialog": [{"q": "客户张伟手机13812345678", "a": "ok"}], "note": "13812345678"}"#.utf8)
        let output = try #require(try ScrubFixtures.scrubber(.custom(fields: "dialog.q")).scrub(record).text)
        #expect(output == #"{"dialog": [{"q": "客户<PERSON_1>手机<PHONE_1>", "a": "ok"}], "note": "13812345678"}"#)
    }

    @Test("tags are numbered per record, so a customer keeps one tag across the turns of a dialogue")
    func tagsPerDialogue() throws {
        let record = Data(#"{"conversations": [{"from": "human", "value": "手机13812345678"}, {"from": "gpt", "value": "13812345678已登记，另一个13912345678"}]}"#.utf8)
        let output = try #require(try ScrubFixtures.scrubber(.sharegpt).scrub(record).text)
        #expect(output.contains(#""value": "手机<PHONE_1>""#))
        #expect(output.contains(#""value": "<PHONE_1>已登记，另一个<PHONE_2>""#))
    }

    @Test("pseudonyms: one value, one token across records and scrubbers with the same key; another key, another token")
    func pseudonymsAreStable() throws {
        let key = SymmetricKey(data: Data(repeating: 7, count: 32))
        let first = try #require(try ScrubFixtures.scrubber(.text, pseudonymKey: key).scrub(Data(#"{"text": "手机13812345678"}"#.utf8)).text)
        let second = try #require(try ScrubFixtures.scrubber(.text, pseudonymKey: key).scrub(Data(#"{"text": "联系138 1234 5678，谢谢"}"#.utf8)).text)
        let other = try #require(try ScrubFixtures.scrubber(.text, pseudonymKey: SymmetricKey(data: Data(repeating: 8, count: 32)))
            .scrub(Data(#"{"text": "手机13812345678"}"#.utf8)).text)
        let token = try #require(first.firstMatch(of: /<PHONE_[0-9a-f]{12}>/)).output
        #expect(second.contains(token))
        #expect(!other.contains(token) && other.contains("<PHONE_"))
        #expect(!first.contains("13812345678"))
    }

    @Test("--check-answers: assistant turns only; rejected preference answers and user turns are not held to the rules")
    func answerChecks() throws {
        let checked = try ScrubFixtures.scrubber(.openai, checkAnswers: true)
        let bad = Data(#"{"messages": [{"role": "user", "content": "亲，在吗"}, {"role": "assistant", "content": "亲，您好😀"}]}"#.utf8)
        let reasons = checked.scrub(bad).reasons
        #expect(reasons.contains("messages[1].content: shape: missing section 【政策依据】"), "\(reasons)")
        #expect(reasons.contains("messages[1].content: tone: banned phrase “亲”"), "\(reasons)")
        #expect(reasons.contains("messages[1].content: tone: banned phrase emoji U+1F600"), "\(reasons)")
        #expect(!reasons.contains { $0.hasPrefix("messages[0]") })

        let good = Data(#"{"messages": [{"role": "user", "content": "亲，在吗"}, {"role": "assistant", "content": "【政策依据】《民法典》第一千零四十五条。\n【简明解释】您的父亲可以亲自办理。"}]}"#.utf8)
        #expect(checked.scrub(good).reasons.isEmpty)

        let pair = Data(#"{"instruction": "q", "chosen": "【政策依据】x\n【简明解释】y", "rejected": "亲，随便"}"#.utf8)
        #expect(try ScrubFixtures.scrubber(.preference, checkAnswers: true).scrub(pair).reasons.isEmpty)
    }

    @Test("records that cannot be read are rejected with what and where, and nothing of their content")
    func rejections() throws {
        let scrubber = try ScrubFixtures.scrubber(.text)
        #expect(scrubber.scrub(Data([0x7B, 0x22, 0x74, 0xFF, 0x22])).rejection == "invalid UTF-8 at byte 3 of the record")
        #expect(scrubber.scrub(Data(#"{"text": "13812345678"#.utf8)).rejection == "invalid JSON at byte 21: unterminated string")
        #expect(scrubber.scrub(Data(#"["13812345678"]"#.utf8)).rejection == "expected a JSON object per record, found an array")
    }
}
