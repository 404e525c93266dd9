import Foundation
import Testing
@testable import Masking

/// Recall on values Hegui's own generator did not write: `Tests/heldout/faker-heldout.jsonl`, made
/// by Faker (zh_CN, en_US) in other sentence templates (`generate_faker_heldout.py` beside it).
/// Each text holds one labelled value; it counts as masked when every code point of it lies in a
/// finding of its type. Precision is not measured on that set (its texts are not labelled
/// exhaustively); `faker-heldout-negatives.jsonl` holds texts full of numbers that are not personal
/// (barcodes, order and tracking numbers, amounts, dates, UUIDs…) instead.
@Suite("Masking recall on the Faker held-out set")
struct HeldOutCorpusTests {
    struct Record: Decodable {
        var text: String
        var type: String
        var start: Int
        var end: Int
    }

    static func records() throws -> [Record] {
        let path = RepositoryPolicy.repository.appendingPathComponent("Tests/heldout/faker-heldout.jsonl").path
        let data = try #require(FileManager.default.contents(atPath: path), "missing \(path)")
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { try JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
    }

    @Test("Barcodes, order, tracking and registration numbers, amounts, dates and UUIDs are not taken for personal information")
    func distractors() throws {
        let path = RepositoryPolicy.repository.appendingPathComponent("Tests/heldout/faker-heldout-negatives.jsonl").path
        let data = try #require(FileManager.default.contents(atPath: path), "missing \(path)")
        struct Distractor: Decodable { var kind: String; var text: String }
        let texts = try String(decoding: data, as: UTF8.self).split(separator: "\n").map { try JSONDecoder().decode(Distractor.self, from: Data($0.utf8)) }
        #expect(texts.count >= 2500)
        let detector = try RepositoryPolicy.load().detector
        var flagged: [String] = []
        for text in texts {
            let findings = try detector.findings(in: text.text)
            if !findings.isEmpty { flagged.append("\(text.kind): \(text.text) → \(findings.map { "\($0.type.rawValue) \($0.recognizer)" })") }
        }
        print("\(flagged.count) of \(texts.count) distractor texts have a finding")
        #expect(Double(flagged.count) / Double(texts.count) <= 0.002, "\(flagged.prefix(10))")
    }

    @Test("Every type is masked in full: structured ≥ 0.99, names, addresses and organisations ≥ 0.95")
    func recall() throws {
        let records = try Self.records()
        #expect(records.count >= 4200)
        let masked = try Self.coverage(of: records, detector: try RepositoryPolicy.load().detector)
        for (type, counts) in masked.sorted(by: { $0.key < $1.key }) {
            print("\(type.padding(toLength: 14, withPad: " ", startingAt: 0)) \(counts.covered)/\(counts.total) masked")
        }
        #expect(Set(masked.keys) == ["PERSON", "PHONE", "CN_ID", "ADDRESS", "ORG", "BANK_CARD", "EMAIL", "IPV4", "CN_PLATE", "US_SSN", "IBAN",
                                     "IPV6", "DATE_OF_BIRTH", "PASSPORT", "AUTH_SECRET"])
        Self.expectFloors(masked, what: "as written")
    }

    @Test("Values stay masked when quoted, bracketed, spaced out or put on the line below their label",
          arguments: [("「", "」"), ("“", "”"), ("（", "）"), ("【", "】"), ("\"", "\""), ("\n", "\n"), (" ", " ")])
    func recallWhenWrapped(_ open: String, _ close: String) throws {
        // Each held-out value wrapped: 请帮“华桂珍”查一下, 验证码 then 536450 on a line of its own,
        // IPv6地址：(2001:db8::1). Labels keep pointing at the value itself.
        let records = try Self.records().map { record in
            let scalars = Array(record.text.unicodeScalars)
            func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
            let wrapped = text(0..<record.start) + open + text(record.start..<record.end) + close + text(record.end..<scalars.count)
            let shift = open.unicodeScalars.count
            return Record(text: wrapped, type: record.type, start: record.start + shift, end: record.end + shift)
        }
        let masked = try Self.coverage(of: records, detector: try RepositoryPolicy.load().detector)
        Self.expectFloors(masked, what: "wrapped in \(open.debugDescription)…\(close.debugDescription)")
    }

    /// How a customer might type a value instead, and the types whose values keep their meaning that way.
    enum Retyping: String, CaseIterable, Sendable {
        case lowerCase, upperCase, withoutSeparators

        var types: Set<String> {
            switch self {
            case .lowerCase: ["CN_PLATE", "PASSPORT", "EMAIL", "IBAN", "CN_ID", "ADDRESS"]
            case .upperCase: ["ADDRESS", "EMAIL", "PHONE", "PASSPORT", "IPV6"]
            case .withoutSeparators: ["DATE_OF_BIRTH", "US_SSN", "CN_ID", "BANK_CARD", "IBAN"]
            }
        }

        func apply(_ value: String) -> String {
            switch self {
            case .lowerCase: value.lowercased()
            case .upperCase: value.uppercased()
            case .withoutSeparators: value.filter { $0 != " " && $0 != "-" }
            }
        }
    }

    @Test("Values stay masked typed in lower case (粤b12345, e12345678), in capitals (18609 STACEY ROADS) or without separators (19701229, 697697006)",
          arguments: Retyping.allCases)
    func recallWhenRetyped(_ retyping: Retyping) throws {
        let records = try Self.records().filter { retyping.types.contains($0.type) }.compactMap { record -> Record? in
            let scalars = Array(record.text.unicodeScalars)
            func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
            let value = retyping.apply(text(record.start..<record.end))
            guard value != text(record.start..<record.end) else { return nil }
            let retyped = text(0..<record.start) + value + text(record.end..<scalars.count)
            return Record(text: retyped, type: record.type, start: record.start, end: record.start + value.unicodeScalars.count)
        }
        #expect(records.count >= 250)
        let masked = try Self.coverage(of: records, detector: try RepositoryPolicy.load().detector)
        Self.expectFloors(masked, what: "retyped \(retyping)")
    }

    @Test("Values stay masked with invisible characters inside them (zero-width spaces and joiners, soft hyphens, direction marks, byte-order marks)")
    func recallWithInvisibleCharacters() throws {
        // After every second code point of each value one of them, in turn: 13<U+200B>81<U+200C>23…
        let invisible: [Unicode.Scalar] = ["\u{200B}", "\u{200C}", "\u{200D}", "\u{FEFF}", "\u{00AD}", "\u{2060}", "\u{200E}"]
        var next = 0
        let records = try Self.records().map { record in
            let scalars = Array(record.text.unicodeScalars)
            var value = String.UnicodeScalarView()
            for (offset, scalar) in scalars[record.start..<record.end].enumerated() {
                value.append(scalar)
                if offset % 2 == 1 && offset + 1 < record.end - record.start {
                    value.append(invisible[next % invisible.count])
                    next += 1
                }
            }
            let text = String(String.UnicodeScalarView(scalars[..<record.start])) + String(value)
                + String(String.UnicodeScalarView(scalars[record.end...]))
            return Record(text: text, type: record.type, start: record.start, end: record.start + value.count)
        }
        let masked = try Self.coverage(of: records, detector: try RepositoryPolicy.load().detector)
        Self.expectFloors(masked, what: "with invisible characters")
    }

    @Test("Values stay masked percent-encoded, as a pasted link carries them (zhang%40163.com, %E5%BC%A0%E4%BC%9F)")
    func recallWhenPercentEncoded() throws {
        // Everything but the unreserved characters escaped, as a form or a link encodes a value.
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let records = try Self.records().compactMap { record -> Record? in
            let scalars = Array(record.text.unicodeScalars)
            func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
            let value = text(record.start..<record.end)
            guard let encoded = value.addingPercentEncoding(withAllowedCharacters: unreserved), encoded != value else { return nil }
            return Record(text: text(0..<record.start) + encoded + text(record.end..<scalars.count), type: record.type,
                          start: record.start, end: record.start + encoded.unicodeScalars.count)
        }
        #expect(records.count >= 1_500)
        // Types with fewer than 100 values that change when escaped (74 phones: those with brackets
        // or spaces, two of them toll-free numbers the allow-list keeps) are left to the other tests.
        let counts = Dictionary(grouping: records, by: \.type).mapValues(\.count)
        let masked = try Self.coverage(of: records.filter { counts[$0.type, default: 0] >= 100 }, detector: try RepositoryPolicy.load().detector)
        #expect(masked.count >= 6)
        Self.expectFloors(masked, what: "percent-encoded")
    }

    @Test("Values stay masked written as HTML character references, as a web page hides an address from harvesters (&#122;&#104;…)")
    func recallWhenCharacterReferences() throws {
        let records = try Self.records().map { record in
            let scalars = Array(record.text.unicodeScalars)
            let encoded = scalars[record.start..<record.end].map { "&#\($0.value);" }.joined()
            let text = String(String.UnicodeScalarView(scalars[..<record.start])) + encoded
                + String(String.UnicodeScalarView(scalars[record.end...]))
            return Record(text: text, type: record.type, start: record.start, end: record.start + encoded.unicodeScalars.count)
        }
        let masked = try Self.coverage(of: records, detector: try RepositoryPolicy.load().detector)
        Self.expectFloors(masked, what: "as character references")
    }

    @Test("Numbers typed one digit at a time with a space between stay masked (1 3 8 1 2 3 4 5 6 7 8)")
    func recallWhenDigitsSpaced() throws {
        // Values made of digits and separators only, at most twelve digits for a phone (a number
        // dialled from abroad, 001 and ten digits, is no number run together either).
        let records = try Self.records().compactMap { record -> Record? in
            guard ["PHONE", "BANK_CARD", "CN_ID", "US_SSN"].contains(record.type) else { return nil }
            let scalars = Array(record.text.unicodeScalars)
            let value = scalars[record.start..<record.end]
            guard value.allSatisfy({ ("0"..."9").contains($0) || $0 == " " || $0 == "-" }) else { return nil }
            let digits = value.filter { ("0"..."9").contains($0) }
            if record.type == "PHONE" && digits.count > 12 { return nil }
            let spaced = digits.map { String($0) }.joined(separator: " ")
            let text = String(String.UnicodeScalarView(scalars[..<record.start])) + spaced
                + String(String.UnicodeScalarView(scalars[record.end...]))
            return Record(text: text, type: record.type, start: record.start, end: record.start + spaced.unicodeScalars.count)
        }
        #expect(records.count >= 900)
        let masked = try Self.coverage(of: records, detector: try RepositoryPolicy.load().detector)
        #expect(Set(masked.keys) == ["PHONE", "BANK_CARD", "CN_ID", "US_SSN"])
        Self.expectFloors(masked, what: "spaced digit by digit")
    }

    /// Other words a customer puts before a value of each type.
    static let otherCues: [String: [String]] = [
        "PHONE": ["我的电话是", "手机：", "联系方式：", "联系电话", "手机号码是", "call me at ", "my number is ", "tel: ", "phone: ", "mobile "],
        "AUTH_SECRET": ["验证码", "动态码：", "校验码 ", "短信验证码是", "OTP ", "code: ", "verification code is ", "your code is ", "PIN: "],
        "PASSPORT": ["护照号", "护照号码是", "护照：", "passport no. ", "passport: ", "Passport Number ", "my passport is "],
        "DATE_OF_BIRTH": ["出生日期", "生日是", "出生于", "DOB: ", "date of birth is ", "born on ", "birthday: ", "D.O.B. "],
        "US_SSN": ["SSN ", "social security number ", "SSN#: ", "my SSN is ", "Social Security No. "],
        "CN_ID": ["身份证号", "身份证：", "证件号码 ", "ID number ", "身份证号码是"],
        "EMAIL": ["邮箱", "email: ", "电子邮件：", "e-mail "],
        // Labels in either language before a name or an address in either language (姓名：Mario
        // Hernandez, Dear 华桂珍, 地址：18609 Stacey Roads, Address: 湖南省…).
        "PERSON": ["姓名：", "户名：", "联系人：", "我叫", "Name: ", "持卡人 ", "收款人：", "被保险人：", "客户", "My name is ", "Dear ",
                   "Cardholder: ", "Beneficiary: "],
        "ADDRESS": ["地址：", "住址：", "收货地址：", "家住", "寄到", "Address: ", "my address is ", "ship to ", "I live at "],
        "BANK_CARD": ["卡号：", "银行卡号", "card number ", "Card No. ", "信用卡 "],
        "IPV4": ["IP地址：", "IP: ", "登录IP "],
        "CN_PLATE": ["车牌号：", "车牌 ", "plate "],
        "IBAN": ["IBAN: ", "账号 ", "IBAN "],
    ]

    @Test("Values stay masked after other cue words of their type, in either language (手机：, my number is, D.O.B., 姓名：, Address:…)")
    func recallAfterOtherCues() throws {
        var records: [Record] = []
        for record in try Self.records() {
            guard let cues = Self.otherCues[record.type] else { continue }
            let value = String(String.UnicodeScalarView(Array(record.text.unicodeScalars)[record.start..<record.end]))
            // Passwords need their own cue (密码); the codes are the numeric secrets.
            if record.type == "AUTH_SECRET" && !value.allSatisfy(\.isNumber) { continue }
            for cue in cues {
                let start = cue.unicodeScalars.count
                records.append(Record(text: cue + value, type: record.type, start: start, end: start + value.unicodeScalars.count))
            }
        }
        #expect(records.count >= 20_000)
        let masked = try Self.coverage(of: records, detector: try RepositoryPolicy.load().detector)
        Self.expectFloors(masked, what: "after other cues")
    }

    /// A label of each type for a table's header or label cell, and a key for a structured field.
    static let labels: [String: (label: String, key: String)] = [
        "PERSON": ("姓名", "customer_name"), "PHONE": ("联系电话", "homePhone"), "CN_ID": ("身份证号", "id_number"),
        "DATE_OF_BIRTH": ("出生日期", "dateOfBirth"), "ADDRESS": ("家庭住址", "home_address"), "PASSPORT": ("护照号码", "passport_no"),
        "AUTH_SECRET": ("密码", "password"), "EMAIL": ("邮箱", "email"), "BANK_CARD": ("卡号", "card_no"), "IPV4": ("IP", "ip"),
        "IPV6": ("IP", "ip"), "IBAN": ("IBAN", "iban"), "US_SSN": ("SSN", "ssn"), "CN_PLATE": ("车牌号", "plate"),
    ]

    @Test("Values stay masked in a table under their column's header, after a label cell, and in JSON, XML and query fields",
          arguments: ["csv column", "markdown column", "label cell", "html row", "json", "python dict", "xml", "query"])
    func recallInTablesAndFields(_ layout: String) throws {
        var records: [Record] = []
        for record in try Self.records() {
            guard let (label, key) = Self.labels[record.type] else { continue }
            let value = String(String.UnicodeScalarView(Array(record.text.unicodeScalars)[record.start..<record.end]))
            if layout == "query" && value.contains(where: { " &;".contains($0) }) { continue }
            let (before, after): (String, String)
            switch layout {
            case "csv column": (before, after) = ("序号,\(label),备注\n1,", ",无\n")
            case "markdown column": (before, after) = ("| \(label) | 备注 |\n|---|---|\n| ", " | 无 |\n")
            case "label cell": (before, after) = ("| 字段 | 值 |\n| ---- | --- |\n| \(label) | ", " |\n| 备注 | 无 |")
            case "html row": (before, after) = ("<table><tr><td>\(label)</td><td>", "</td></tr><tr><td>备注</td><td>无</td></tr></table>")
            case "json": (before, after) = ("{\"record\": {\"\(key)\": \"", "\", \"note\": \"无\"}}")
            case "python dict": (before, after) = ("{'\(key)': '", "', 'id': 7}")
            case "xml": (before, after) = ("<record><\(key)>", "</\(key)><id>7</id></record>")
            default: (before, after) = ("/api/customer?\(key)=", "&page=2")
            }
            let start = before.unicodeScalars.count
            records.append(Record(text: before + value + after, type: record.type, start: start, end: start + value.unicodeScalars.count))
        }
        #expect(records.count >= 3_000)
        let masked = try Self.coverage(of: records, detector: try RepositoryPolicy.load().detector)
        Self.expectFloors(masked, what: "in a \(layout)")
    }

    /// A bot's question for a value of each type, in Chinese and in English.
    static let questions: [String: [String]] = [
        "PERSON": ["好的，请问您的姓名？", "May I have your full name?"], "PHONE": ["请问您的联系电话是？", "What is your phone number?"],
        "CN_ID": ["请提供您的身份证号码。", "Please provide your ID number."], "DATE_OF_BIRTH": ["请问您的出生日期？", "Could you confirm your date of birth?"],
        "ADDRESS": ["请提供您的收货地址。", "What is your mailing address?"], "PASSPORT": ["请提供护照号码。", "What is your passport number?"],
        "AUTH_SECRET": ["请输入您收到的短信验证码。", "Please enter the verification code."],
    ]

    @Test("A reply that is only the value a bot asked for stays masked (请问您的姓名？ → 华桂珍, What is your phone number? → 88886666)")
    func recallAsRepliesToQuestions() throws {
        let detector = try RepositoryPolicy.load().detector
        var masked: [String: (covered: Int, total: Int, missed: [String])] = [:]
        for record in try Self.records() {
            guard let questions = Self.questions[record.type] else { continue }
            let value = String(String.UnicodeScalarView(Array(record.text.unicodeScalars)[record.start..<record.end]))
            for question in questions {
                let label = try #require(detector.requestedLabel(in: question), "\(question)")
                let covering = try detector.findings(in: value, fieldLabel: label).filter { $0.type.rawValue == record.type }
                let covered = (0..<value.unicodeScalars.count).allSatisfy { point in covering.contains { $0.start <= point && point < $0.end } }
                masked[record.type, default: (0, 0, [])].total += 1
                if covered { masked[record.type, default: (0, 0, [])].covered += 1 } else { masked[record.type, default: (0, 0, [])].missed.append(question + " " + value) }
            }
        }
        #expect(masked.values.reduce(0) { $0 + $1.total } >= 2_500)
        Self.expectFloors(masked, what: "as a reply to a question")
    }

    @Test("A name stays masked as a chat transcript's speaker: a chat export's name-and-time line, a log's time and name, a transcript's 姓名： or Name:",
          arguments: ["export", "log", "transcript"])
    func recallAsSpeakers(_ format: String) throws {
        var records: [Record] = []
        for record in try Self.records() where record.type == "PERSON" {
            let name = String(String.UnicodeScalarView(Array(record.text.unicodeScalars)[record.start..<record.end]))
            let latin = name.unicodeScalars.contains(where: { $0.isASCII })
            let (before, after): (String, String)
            switch format {
            case "export": (before, after) = ("客服小王 2024-03-05 10:12:01\n您好，请问有什么可以帮您\n", " 2024-03-05 10:12:33\n我的卡丢了")
            case "log": (before, after) = ("[10:12] Agent: hello\n[10:13] ", ": my card is lost")
            default: (before, after) = latin ? ("Agent: hello\n", ": my card is lost\nAgent: which card?") : ("客服：您好\n", "：我的卡丢了\n客服：好的")
            }
            let start = before.unicodeScalars.count
            records.append(Record(text: before + name + after, type: "PERSON", start: start, end: start + name.unicodeScalars.count))
        }
        #expect(records.count >= 150)
        let masked = try Self.coverage(of: records, detector: try RepositoryPolicy.load().detector)
        Self.expectFloors(masked, what: "as a speaker (\(format))")
    }

    /// One split of a held-out file whose lines carry a `split` and a group (`shape`, `template`).
    static func splitRecords(_ file: String, split: String, group: String) throws -> [(record: Record, group: String)] {
        let path = RepositoryPolicy.repository.appendingPathComponent("Tests/heldout/\(file)").path
        let data = try #require(FileManager.default.contents(atPath: path), "missing \(path)")
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard object["split"] as? String == split else { return nil }
            let record = try JSONDecoder().decode(Record.self, from: Data(line.utf8))
            return (record, object[group] as? String ?? "")
        }
    }

    /// Recall on one split, printed by group; asserts at most `missedAtMost` of the records are missed.
    static func expectSplitRecall(_ file: String, split: String, group: String, missedAtMost: Double) throws {
        let records = try splitRecords(file, split: split, group: group)
        #expect(records.count >= 120)
        let detector = try RepositoryPolicy.load().detector
        var missed: [String: [String]] = [:]
        for (record, group) in records where try coverage(of: [record], detector: detector)[record.type]?.covered != 1 {
            missed[group, default: []].append(record.text)
        }
        let count = missed.values.map(\.count).reduce(0, +)
        print("\(file) \(split): \(records.count - count) of \(records.count) masked in full; missed by \(group): \(missed.mapValues(\.count))")
        #expect(Double(count) / Double(records.count) <= missedAtMost, "\(missed)")
    }

    /// `Tests/heldout/address-heldout.jsonl` (`generate_address_heldout.py`): Chinese addresses in the
    /// shapes delivery forms and chats have and Faker's lack: zones and parks, road sections,
    /// intersections, lanes, numbers with a suffix, named buildings, campuses and hospitals, villages
    /// with their group. Its "test" split uses other roads, buildings and places than its "tune" split;
    /// its "written" split is addresses of public places written out by hand.
    @Test("Chinese addresses as people write them on delivery forms are masked in full, on words the rules were not tuned on",
          arguments: ["tune", "test", "written"])
    func recallOfWrittenAddresses(_ split: String) throws {
        try Self.expectSplitRecall("address-heldout.jsonl", split: split, group: "shape", missedAtMost: 0.02)
    }

    /// `Tests/heldout/names-heldout.jsonl` (`generate_names_heldout.py`): Faker's Chinese names in
    /// everyday sentences with no cue word next to them (联系不上{}怎么办), and English ones ("en"). The
    /// "test" split's templates and names were not looked at while the lexicon was adjusted.
    @Test("Chinese and English names in everyday sentences with no cue word are masked", arguments: ["tune", "test", "en", "en-test"])
    func recallOfNamesWithoutCues(_ split: String) throws {
        try Self.expectSplitRecall("names-heldout.jsonl", split: split, group: "template", missedAtMost: 0.08)
    }

    @Test("Values stay masked when the whole text is written in Traditional Chinese, as Hong Kong, Macau and Taiwan customers write")
    func recallInTraditionalChinese() throws {
        // Simplified → Traditional by inverting the fold's pairs (the first Traditional form of each),
        // one code point for one, so the labels keep their offsets.
        var traditional: [Unicode.Scalar: Unicode.Scalar] = [:]
        for line in TraditionalChinese.pairLines {
            let scalars = Array(line.unicodeScalars)
            for index in stride(from: 0, to: scalars.count - 1, by: 2) where traditional[scalars[index + 1]] == nil {
                traditional[scalars[index + 1]] = scalars[index]
            }
        }
        var changed = 0
        let records = try Self.records().map { record in
            let text = String(String.UnicodeScalarView(record.text.unicodeScalars.map { traditional[$0] ?? $0 }))
            if text != record.text { changed += 1 }
            return Record(text: text, type: record.type, start: record.start, end: record.end)
        }
        #expect(changed >= 1_500)
        let masked = try Self.coverage(of: records, detector: try RepositoryPolicy.load().detector)
        Self.expectFloors(masked, what: "in Traditional Chinese")
    }

    /// Per type: how many labelled values lie wholly inside findings of their type, and examples of those that do not.
    static func coverage(of records: [Record], detector: PIIDetector) throws -> [String: (covered: Int, total: Int, missed: [String])] {
        var masked: [String: (covered: Int, total: Int, missed: [String])] = [:]
        for record in records {
            let covering = try detector.findings(in: record.text).filter { $0.type.rawValue == record.type }
            let covered = (record.start..<record.end).allSatisfy { point in covering.contains { $0.start <= point && point < $0.end } }
            masked[record.type, default: (0, 0, [])].total += 1
            if covered { masked[record.type, default: (0, 0, [])].covered += 1 } else { masked[record.type, default: (0, 0, [])].missed.append(record.text) }
        }
        return masked
    }

    static func expectFloors(_ masked: [String: (covered: Int, total: Int, missed: [String])], what: String) {
        for (type, counts) in masked {
            let recall = Double(counts.covered) / Double(counts.total)
            let floor = ["PERSON", "ADDRESS", "ORG"].contains(type) ? 0.95 : 0.99
            #expect(recall >= floor, "\(type) recall \(recall) \(what): \(counts.missed.prefix(5))")
        }
    }
}
