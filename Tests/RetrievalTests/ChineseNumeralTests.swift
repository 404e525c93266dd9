import Testing
@testable import Retrieval

@Suite("Chinese numerals")
struct ChineseNumeralTests {
    @Test("Parse and format agree", arguments: [
        (1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (28, "二十八"), (100, "一百"), (105, "一百零五"),
        (110, "一百一十"), (123, "一百二十三"), (1000, "一千"), (1005, "一千零五"), (1010, "一千零一十"), (2024, "二千零二十四"),
    ])
    func roundTrip(value: Int, text: String) {
        #expect(ChineseNumeral.format(value) == text)
        #expect(ChineseNumeral.parse(text) == value)
    }

    @Test("Every number from 1 to 9999 survives format then parse")
    func exhaustiveRoundTrip() {
        for value in 1..<10_000 {
            #expect(ChineseNumeral.parse(ChineseNumeral.format(value)) == value)
        }
    }

    @Test("Arabic digits and colloquial forms parse", arguments: [("28", 28), ("两百", 200), ("一十二", 12)])
    func otherForms(text: String, value: Int) {
        #expect(ChineseNumeral.parse(text) == value)
    }

    @Test("Non-numbers are rejected", arguments: ["", "一二", "十百", "条", "二十a"])
    func rejects(text: String) {
        #expect(ChineseNumeral.parse(text) == nil)
    }
}
