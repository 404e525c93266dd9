import Testing
@testable import Masking

/// Customer messages run numbers together: an account and then a phone, a birthday glued to an ID,
/// a cue for one number followed by a date. Each value must come out as itself, with its own type.
@Suite("Numbers next to each other")
struct AdjacentNumbersTests {
    let masker: Masker
    init() throws { masker = try RepositoryPolicy.masker() }

    /// The findings of `text` as "TYPE value", in order.
    func found(_ text: String) throws -> [String] {
        try masker.mask(text).findings.map { "\($0.type.rawValue) \(text.codePoints($0.start..<$0.end))" }
    }

    @Test("Each number is its own finding", arguments: [
        // An ungrouped account, then a mobile after a space: two numbers, not one 27-digit account.
        ("收款账号1957585155895765 17579887054已停机", ["BANK_ACCOUNT 1957585155895765", "PHONE 17579887054"]),
        // A grouped account ends where its grouping does.
        ("对公账户1025 0520 8507 7913 16674469590这个号收不到", ["BANK_ACCOUNT 1025 0520 8507 7913", "PHONE 16674469590"]),
        // A landline's local number and the mobile after it are no card, though the 19 digits pass Luhn.
        ("座机027-23867047 13909881078是我的新号码", ["PHONE 027-23867047", "PHONE 13909881078"]),
        // 日 closes a birthday even when an ID follows without a space.
        ("生日是1999年8月23日440305199110111352这个身份证号对吗", ["DATE_OF_BIRTH 1999年8月23日", "CN_ID 440305199110111352"]),
    ])
    func apart(text: String, expected: [String]) throws {
        #expect(try found(text) == expected)
    }

    @Test("A code cue does not turn a date, a hotline or a piece of a dashed number into a code", arguments: [
        "13868414538这个号收不到验证码，交易时间2026-01-26 13:25:10",
        "16635289874这个号收不到验证码，客服热线95588。",
        "13519184543这个号收不到验证码，请拨打95533。",
        "18936336897这个号收不到验证码，请致电800-820-8820！",
    ])
    func noCode(text: String) throws {
        let types = try masker.mask(text).findings.map(\.type)
        let all = try found(text)
        #expect(!types.contains(.authSecret), "\(all)")
        #expect(types.contains(.phone))
    }

    @Test("Codes after their cue are still found", arguments: [
        ("验证码：123456，请勿告诉他人", "123456"),
        ("短信验证码 8842.", "8842"),
        ("CVV 427, expires soon", "427"),
        ("your verification code is 90210", "90210"),
    ])
    func codes(text: String, code: String) throws {
        #expect(try found(text) == ["AUTH_SECRET \(code)"])
    }

    @Test("An organisation's name starts after the number or the card before it", arguments: [
        ("金额69114.26元中信证券股份有限公司办的贷款", "中信证券股份有限公司"),
        ("利率3.74%，分36期北京华联集团开的户", "北京华联集团"),
        ("尾号8959的卡浦发银行上海分行开的户", "浦发银行上海分行"),
        ("工单编号GD4839511186北京华联集团开的户", "北京华联集团"),   // right after digits, no unit: the name starts there
    ])
    func organisation(text: String, name: String) throws {
        #expect(try found(text).filter { $0.hasPrefix("ORG") } == ["ORG \(name)"])
    }

    @Test("银行卡 is a card, not a bank")
    func bankCardIsNoBank() throws {
        #expect(try found("您的余额不足银行卡已冻结").isEmpty)
    }
}
