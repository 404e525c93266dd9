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
        "order #082269946274 shipped",           // an order number shaped like a landline with area code 0822
        "订单号 0755-26821234 已发货",            // a landline-shaped order number after 订单号
    ])
    func negatives(input: String) throws {
        let result = try masker.mask(input)
        #expect(result.findings.isEmpty, "unexpected findings \(result.findings) in \(input)")
        #expect(result.masked == input)
    }

    @Test("A bare 86 after a dot ends an IP address or a version; the mobile after it is found alone")
    func eightySixAfterADot() throws {
        let input = "登录IP 194.153.229.86 19987078537是我的新号码"
        let result = try masker.mask(input)
        #expect(result.masked == "登录IP <IPV4_1> <PHONE_1>是我的新号码")
        #expect(result.findings.map(\.type) == [.ipv4, .phone])
        // A spaced or dashed 86 with nothing before it is still the country code.
        #expect(try masker.mask("电话 86 138 1234 5678").masked == "电话 <PHONE_1>")
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

    @Test("Spaces copied from a web page or a document (no-break, thin, narrow no-break) separate digit groups like a space")
    func documentSpaces() throws {
        var session = MaskingSession()
        let spaces = ["\u{00A0}", "\u{2009}", "\u{202F}", "\u{2007}"]
        for space in spaces {
            let result = try masker.mask("手机 138\(space)1234\(space)5678 谢谢", session: &session)
            #expect(result.masked == "手机 <PHONE_1> 谢谢", "U+\(String(space.unicodeScalars.first!.value, radix: 16))")
        }
    }

    @Test("Folding the UTF-8 bytes of a text folds each code point as fold(_:) does, one for one, and drops the invisible ones")
    func foldAgreesPerCodePoint() {
        // Every code point the fold touches, and its neighbours; spoken numerals are left out (they
        // fold only in runs).
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7F, 0x9F...0xAE, 0x1FFF...0x206A, 0x20E2...0x20E4, 0x2211...0x2213,
                                             0x245F...0x2493, 0x24E9...0x24EB, 0x2775...0x2793, 0x2FFF...0x3001, 0x3FFF...0xA000,
                                             0xFDFF...0xFE10, 0xFE62...0xFE64, 0xFEFE...0xFF60, 0x1D7CD...0x1D800]
        for value in ranges.joined() {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(scalar) + "b"
            let folded = NormalizedText(text).utf8
            let expected = Array(("a" + (NormalizedText.isInvisible(scalar) ? "" : String(NormalizedText.fold(scalar))) + "b").utf8)
            #expect(folded == expected, "U+\(String(value, radix: 16))")
        }
    }

    @Test("Traditional Chinese is read as Simplified: the masked text keeps what the customer wrote, and one value written both ways has one tag")
    func traditionalChinese() throws {
        var session = MaskingSession()
        let first = try masker.mask("客戶陳大文，驗證碼：384756", session: &session)
        #expect(first.masked == "客戶<PERSON_1>，驗證碼：<AUTH_SECRET>")
        let second = try masker.mask("客户陈大文的卡", session: &session)
        #expect(second.masked == "客户<PERSON_1>的卡")
        #expect(Masker.canonicalValue("陳大文") == "陈大文")
    }

    /// The text each finding covers, as the original text has it.
    static func covered(by findings: [Finding], in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return findings.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
    }

    @Test("Invisible characters inside a value do not hide it; its offsets count them, those around it stay outside, and it keeps its tag")
    func invisibleCharacters() throws {
        var session = MaskingSession()
        let plain = try masker.mask("我叫张伟，手机13812345678", session: &session)
        #expect(plain.masked == "我叫<PERSON_1>，手机<PHONE_1>")
        // U+200B before and after the number, U+200D and U+00AD inside it and inside the name.
        let text = "我叫张\u{200D}伟，手机\u{200B}138\u{00AD}1234\u{200D}5678\u{200B}。"
        let result = try masker.mask(text, session: &session)
        #expect(result.masked == "我叫<PERSON_1>，手机\u{200B}<PHONE_1>\u{200B}。")
        #expect(Self.covered(by: result.findings, in: text) == ["张\u{200D}伟", "138\u{00AD}1234\u{200D}5678"])
        // A text of invisible characters only has nothing to mask, and ends where it ends.
        #expect(try masker.mask("\u{200B}\u{FEFF}").findings.isEmpty)
        #expect(NormalizedText("a\u{200B}b\u{200B}").scalarCount == 4)
    }

    @Test("Thousands of values with invisible characters in them are all found, at the right offsets; dropped characters map back one to one")
    func manyInvisibleCharacters() throws {
        // 12,000 numbers with a zero-width space between every two digits: 120,000 dropped
        // characters. (Mapping offsets back once scanned them all for every finding.)
        let number = "1\u{200B}3\u{200B}8\u{200B}1\u{200B}2\u{200B}3\u{200B}4\u{200B}5\u{200B}6\u{200B}7\u{200B}8"
        let text = String(repeating: "手机" + number + "，", count: 12_000)
        let result = try masker.mask(text)
        #expect(result.findings.count == 12_000)
        let length = number.unicodeScalars.count
        #expect(result.findings.allSatisfy { $0.end - $0.start == length && $0.start % (length + 3) == 2 })
        #expect(result.masked == String(repeating: "手机<PHONE_1>，", count: 12_000))
        // Every original offset of a kept character and its folded byte map to each other.
        let normalized = NormalizedText("a\u{200B}\u{200B}b\u{FE0F}c\u{00AD}" + number)
        let scalars = Array(normalized.string(scalars: 0..<normalized.scalarCount).unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars)) == "abc13812345678")
        for byte in 0...normalized.utf8.count {
            #expect(normalized.byteOffset(ofScalar: normalized.scalarOffset(ofByte: byte)) == byte, "byte \(byte)")
        }
    }

    @Test("Percent escapes and HTML character references read as what they encode: a finding spans the whole escape, the value keeps its tag, and a % or & that escapes nothing stays")
    func percentEscapes() throws {
        var session = MaskingSession()
        let plain = try masker.mask("邮箱zhang@163.com，我叫张伟", session: &session)
        #expect(plain.masked == "邮箱<EMAIL_1>，我叫<PERSON_1>")
        let text = "https://x.cn/?email=zhang%40163.com&name=%E5%BC%A0%E4%BC%9F&rate=5%25"
        let result = try masker.mask(text, session: &session)
        #expect(result.masked == "https://x.cn/?email=<EMAIL_1>&name=<PERSON_1>&rate=5%25")
        #expect(Self.covered(by: result.findings, in: text) == ["zhang%40163.com", "%E5%BC%A0%E4%BC%9F"])
        // HTML character references, as text from a web page carries them.
        let page = try masker.mask("联系：zhang&#64;163.com，&#x5F20;&#x4F1F;", session: &session)
        #expect(page.masked == "联系：<EMAIL_1>，<PERSON_1>")
        // Not escapes: a rate, a lone lead byte, a continuation byte alone, an overlong form, a lone
        // ampersand, an unknown name, a control character.
        for text in ["利率5%的", "100%E5", "增长12%AB类", "%C0%80", "完成率100%", "R&D", "&foo;", "&#0;", "&#x7f;", "&#99999999;"] {
            #expect(NormalizedText(text).utf8 == Array(text.utf8), "\(text)")
        }
    }

    @Test("Digits written as keycaps, circled, enclosed or mathematical digits, one at a time with spaces or in 大写 are digits: one number, one tag, the keycap marks inside the finding")
    func digitsWrittenOtherwise() throws {
        var session = MaskingSession()
        let plain = try masker.mask("手机13812345678", session: &session)
        #expect(plain.masked == "手机<PHONE_1>")
        for written in ["1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣", "①③⑧①②③④⑤⑥⑦⑧", "𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "❶❸❽❶❷❸❹❺❻❼❽", "⒈⒊⒏⒈⒉⒊⒋⒌⒍⒎⒏"] {
            let result = try masker.mask("手机" + written + "，谢谢", session: &session)
            #expect(result.masked == "手机<PHONE_1>，谢谢", "\(written)")
        }
        // One digit at a time with spaces, or in the financial forms (大写).
        for written in ["1 3 8 1 2 3 4 5 6 7 8", "壹叁捌壹贰叁肆伍陆柒捌"] {
            let result = try masker.mask("手机" + written + "，谢谢", session: &session)
            #expect(result.masked == "手机<PHONE_1>，谢谢", "\(written)")
        }
        // A list numbered ①②③ stays a list; six spaced digits or an amount in 大写 stay as written.
        #expect(try masker.mask("请准备①身份证②户口本③结婚证").findings.isEmpty)
        #expect(NormalizedText("评分 5 4 3 5 4 3").utf8 == Array("评分 5 4 3 5 4 3".utf8))
        #expect(try masker.mask("共计壹万贰仟元整").findings.isEmpty)
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

    @Test("Canonical values: folded, separators dropped, upper-cased; the fast paths agree with the plain definition")
    func canonicalValues() {
        func reference(_ raw: String) -> String {
            var result = String.UnicodeScalarView()
            for scalar in raw.unicodeScalars {
                let folded = NormalizedText.fold(scalar)
                if folded == " " || folded == "-" || NormalizedText.isInvisible(scalar) { continue }
                result.append(folded)
            }
            return String(result).uppercased()
        }
        let samples = ["13812345678", "138 1234-5678", "ab@Example.com", "ＡＢｃ１２３", "张伟", "张 伟", "欧阳娜娜", "陳大文", "台北市信義區",
                       "北京市朝阳区建国路88号3栋1203室", "José Núñez", "straße", "Ωμέγα", "𠀀𠀁", "王－伟", "e2\u{3000}f", "",
                       "工商银行（北京）分行", "ＳＯＨＯ现代城", "王一", "张伟、李娜", "B座25楼", "Zhang Wei", "。，",
                       "138\u{200B}1234\u{FEFF}5678", "张\u{200D}伟"]
        for sample in samples {
            #expect(Masker.canonicalValue(sample) == reference(sample), "\(sample)")
        }
        #expect(Masker.canonicalValue("138 1234 5678") == "13812345678")
        #expect(Masker.canonicalValue("ｊｏｓé") == "JOSÉ")
        #expect(Masker.canonicalValue("一三八\u{200C}一二三四五六七八") == "13812345678")
    }

    @Test("Tag texts are <TYPE_n> for every number of digits")
    func tagTexts() {
        for number in [1, 9, 10, 11, 99, 100, 999, 1000, 12345, 1_000_000] {
            for type in [EntityType.phone, .bankAccount, .dateOfBirth, EntityType("X")] {
                #expect(MaskingSession.tagText(type, number: number) == "<\(type.rawValue)_\(number)>")
            }
        }
    }

    @Test("Long conversations keep numbering per type, also past the point where the session switches to hash tables")
    func longSessionNumbering() {
        var session = MaskingSession()
        var expected: [String: String] = [:]
        var counts: [EntityType: Int] = [:]
        let types = [EntityType.phone, .email, .bankCard]
        for round in 0..<3 {
            for number in 0..<40 {
                let type = types[number % 3]
                let value = "\(type.rawValue)-\(number)"
                let tag = session.tag(for: value, type: type)
                if round == 0 {
                    counts[type, default: 0] += 1
                    #expect(tag == "<\(type.rawValue)_\(counts[type]!)>", "value \(number)")
                    expected[value] = tag
                } else {
                    #expect(tag == expected[value], "round \(round), value \(number)")
                }
            }
        }
        #expect(session.tag(for: "new", type: .phone) == "<PHONE_15>")
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

    /// Long texts of addresses and company names, or of runs that look like the start of one, by name.
    static let repetitiveTexts: [String: String] = [
        "names with 和 before an estate": String(repeating: "北京市朝阳区建国路1号" + String(repeating: "和", count: 11) + "园", count: 2_000),
        "companies with digits": String(repeating: "数字" + String(repeating: "1234", count: 6) + "有限公司", count: 2_000),
        "long numbers before a company": String(repeating: "订单号20269590526336832554客户在中信证券股份有限公司办的贷款", count: 500),
        "companies with 来": String(repeating: String(repeating: "晖来", count: 8) + "有限公司", count: 2_000),
        "zones before roads": String(repeating: "地址：北京市朝阳区" + String(repeating: "科技园", count: 5) + "路1号", count: 1_500),
        "intersections": String(repeating: "北京市海淀区" + String(repeating: "花园路与", count: 6) + "农业路交叉口", count: 1_500),
        "one long estate": "北京市朝阳区建国路1号" + String(repeating: "阳光花园小区", count: 4_000),
        "brackets": "腾讯" + String(repeating: "（深圳）", count: 10_000) + "有限公司",
    ]

    @Test("Long documents of addresses and company names stay within PCRE2's limits: masked, not refused",
          arguments: repetitiveTexts.keys.sorted())
    func repetitiveDocuments(_ name: String) throws {
        // A grammar that backtracks too much on these refuses the whole text (a resource limit).
        let text = try #require(Self.repetitiveTexts[name])
        let result = try masker.mask(text)
        #expect(result.masked.utf8.count > 0)
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
