import Testing
@testable import Masking

@Suite("Masker")
struct MaskerTests {
    let masker: Masker

    init() throws { masker = try RepositoryPolicy.masker() }

    @Test("Each built-in type is found and tagged", arguments: [
        ("我的手机号是13812345678", "我的手机号是<PHONE_1>", "PHONE"),
        ("电话 +86 138 1234 5678 谢谢", "电话 <PHONE_1> 谢谢", "PHONE"),
        ("手机0086-138-1234-5678", "手机<PHONE_1>", "PHONE"),
        ("身份证号11010519491231002X。", "身份证号<CN_ID_1>。", "CN_ID"),
        ("邮箱zhang.san@qq.com谢谢", "邮箱<EMAIL_1>谢谢", "EMAIL"),
        ("卡号6222 0202 0000 1234 562已冻结", "卡号<BANK_CARD_1>已冻结", "BANK_CARD"),
        ("Visa 4111-1111-1111-1111 expired", "Visa <BANK_CARD_1> expired", "BANK_CARD"),
        ("AmEx 3782 822463 10005", "AmEx <BANK_CARD_1>", "BANK_CARD"),
    ])
    func positives(input: String, expected: String, type: String) throws {
        let result = try masker.mask(input)
        #expect(result.masked == expected)
        #expect(result.findings.map(\.type.rawValue) == [type])
    }

    @Test("Near misses are left alone", arguments: [
        "订单号202311211381234567890",          // a phone-like run inside a longer number
        "客服热线95588，信用卡中心400-820-5555",  // service numbers are not personal
        "身份证号110105194912310021",            // wrong check character
        "卡号6222020200001234563",               // fails Luhn
        "时间戳1700000000123",                   // 13-digit timestamp, no card prefix passes Luhn
        "user@localhost",                        // no top-level domain
    ])
    func negatives(input: String) throws {
        let result = try masker.mask(input)
        #expect(result.findings.isEmpty, "unexpected findings \(result.findings) in \(input)")
        #expect(result.masked == input)
    }

    @Test("Full-width digits are normalised for matching; offsets and output keep the original text")
    func fullWidthDigits() throws {
        let input = "手机号：１３８１２３４５６７８，好的"
        let result = try masker.mask(input)
        #expect(result.masked == "手机号：<PHONE_1>，好的")
        let finding = try #require(result.findings.first)
        #expect(finding.start == 4)
        #expect(finding.end == 15)
    }

    @Test("Offsets are Unicode code points into the original text")
    func codePointOffsets() throws {
        let result = try masker.mask("客户邮箱是a@b.cn")
        let finding = try #require(result.findings.first)
        #expect(finding.start == 5)
        #expect(finding.end == 11)
        #expect(finding.recognizer == "email")
    }

    @Test("The same value keeps its tag across messages of one conversation; another value gets the next number")
    func consistentTags() throws {
        var session = MaskingSession()
        let first = try masker.mask("我的号码13812345678", session: &session)
        let second = try masker.mask("打138 1234 5678或者13987654321", session: &session)
        #expect(first.masked == "我的号码<PHONE_1>")
        #expect(second.masked == "打<PHONE_1>或者<PHONE_2>")
    }

    @Test("A valid resident ID that also passes Luhn is an ID, not a card")
    func residentIDBeatsCard() throws {
        // About 1 valid ID in 10 also passes Luhn; find one by varying the sequence number.
        var found: String?
        for sequence in 100..<1000 where found == nil {
            let first17 = "44010619900101\(sequence)"
            guard let check = CheckDigits.residentIDCheckCharacter(Array(first17.utf8)) else { continue }
            let id = first17 + String(UnicodeScalar(check))
            if CheckDigits.passesLuhn(Array(id.utf8)) { found = id }
        }
        let id = try #require(found)
        let result = try masker.mask("证件号\(id)")
        #expect(result.findings.map(\.type) == [EntityType.residentID])
        #expect(result.findings.first?.reason == "checksum")
    }

    @Test("Findings record recognizer, score and reason")
    func findingProvenance() throws {
        let finding = try #require(try masker.mask("11010519491231002X").findings.first)
        #expect(finding.recognizer == "cn_id_18")
        #expect(finding.reason == "checksum")
        #expect(finding.score > 0.9)
    }

    @Test("A pathological subject ends with a clear error or a result, never a hang")
    func boundedWork() throws {
        let hostile = String(repeating: "a.", count: 200_000) + "@"
        do {
            let result = try masker.mask(hostile)
            #expect(result.findings.isEmpty)
        } catch {
            #expect(error.description.contains("limit"))
        }
    }

    @Test("Inputs over the size limit are refused, not passed through")
    func oversizedInput() throws {
        let small = try Masker(detector: PIIDetector(recognizers: try RepositoryPolicy.load().detector.recognizers, maxInputBytes: 10))
        #expect(throws: MaskingError.inputTooLarge(bytes: 11, limit: 10)) { try small.mask("13812345678") }
    }

    @Test("A pattern that does not compile names its recognizer and the byte offset")
    func badPattern() {
        #expect(throws: MaskingError.self) { try PatternRecognizer(id: "bad", entityType: .phone, pattern: "(unclosed", score: 1) }
        do {
            _ = try CompiledPattern("a(b", owner: "demo")
        } catch {
            #expect(error.description.contains("demo"))
            #expect(error.description.contains("byte 3"))
        }
    }
}
