import Testing
@testable import Masking

/// Voice bots hand over what speech recognition wrote: numbers read out digit by digit come as
/// Chinese numerals (一三九一二三四五六七八). They are the same personal data as their digits.
@Suite("Numbers read out in Chinese numerals")
struct SpokenNumbersTests {
    let masker: Masker
    init() throws { masker = try RepositoryPolicy.masker() }

    @Test("A phone, an ID and a card read out are found, with offsets into the original text", arguments: [
        ("我的手机号是一三九一二三四五六七八", "PHONE", "一三九一二三四五六七八"),
        ("电话幺三九一二三四五六七八", "PHONE", "幺三九一二三四五六七八"),       // 幺 is how a 1 is read in a number
        ("139一二三四五六七八是我的号", "PHONE", "139一二三四五六七八"),          // digits and numerals mixed
        ("身份证号码一一零一零一一九九零零三零七四五一四", "CN_ID", "一一零一零一一九九零零三零七四五一四"),
        ("我的卡号六二二二零二零二零零零零一二三四五六二", "BANK_CARD", "六二二二零二零二零零零零一二三四五六二"),
        ("我的手机是幺三八 零零幺三 八零零零", "PHONE", "幺三八 零零幺三 八零零零"),          // read out in groups
        ("身份证号是一一零一零一 一九九零零三零七 四五一四", "CN_ID", "一一零一零一 一九九零零三零七 四五一四"),
    ])
    func readOut(text: String, type: String, value: String) throws {
        let result = try masker.mask(text)
        let finding = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        #expect(finding.type.rawValue == type)
        #expect(text.codePoints(finding.start..<finding.end) == value)
    }

    @Test("Counting words, dates and short runs of numerals stay words", arguments: [
        "一二三四五六", "第一二三条", "二〇二四年三月", "我有一两个问题", "七八九十个人", "一五一十地说",
    ])
    func words(text: String) throws {
        #expect(NormalizedText(text).utf8.allSatisfy { $0 &- 0x30 >= 10 }, "digits appeared in \(text)")
    }

    @Test("Folding keeps one code point per character, so offsets hold")
    func oneToOne() {
        let text = "号码：一三九一二三四五六七八，谢谢"
        let normalized = NormalizedText(text)
        #expect(normalized.scalarCount == text.unicodeScalars.count)
        #expect(String(decoding: normalized.utf8, as: UTF8.self) == "号码:13912345678,谢谢")   // full-width punctuation folds too
    }

    @Test("A number read out and written gets the same tag in a conversation")
    func sameTag() throws {
        var session = MaskingSession()
        let spoken = try masker.mask("电话一三九一二三四五六七八", session: &session)
        let written = try masker.mask("再说一遍13912345678", session: &session)
        #expect(spoken.masked == "电话<PHONE_1>")
        #expect(written.masked == "再说一遍<PHONE_1>")
    }

    @Test("The numeral tables by code point, by UTF-8 bytes and by block offset agree, for every CJK character")
    func tablesAgree() {
        for value in UInt32(0x3000)...0x9FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(scalar).utf8)
            let byBytes = bytes.count == 3 ? NormalizedText.numeral(bytes[0], bytes[1], bytes[2]) : nil
            #expect(NormalizedText.spokenDigit(scalar).map { UInt8($0.value) } == byBytes, "\(scalar)")
            if value >= 0x4E00 {
                #expect((NormalizedText.spokenDigits[Int(value - 0x4E00)] != 0) == (byBytes != nil), "\(scalar)")
            }
        }
    }
}
