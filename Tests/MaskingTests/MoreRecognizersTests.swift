import Testing
@testable import Masking

@Suite("Unified social credit codes, IP addresses, IBANs and US SSNs")
struct MoreRecognizersTests {
    let masker: Masker

    init() throws { masker = try RepositoryPolicy.masker() }

    @Test("Positives are found with the right type", arguments: [
        ("公司统一社会信用代码91350100M000100Y43，", "CN_USCC"),
        ("登录IP是192.168.1.20，时间", "IPV4"),
        ("来源地址 2001:db8::8a2e:370:7334 已封禁", "IPV6"),
        ("full form fe80:0:0:0:202:b3ff:fe1e:8329", "IPV6"),
        ("收款IBAN：GB82 WEST 1234 5698 7654 32", "IBAN"),
        ("IBAN DE89370400440532013000 please", "IBAN"),
        ("my SSN is 123-45-6789.", "US_SSN"),
    ])
    func positives(input: String, type: String) throws {
        let result = try masker.mask(input)
        #expect(result.findings.map(\.type.rawValue) == [type], "\(result.findings)")
        #expect(result.masked.contains("<\(type)_1>"))
    }

    @Test("Near misses are left alone", arguments: [
        "代码91350100M000100Y44",              // wrong check character
        "代码91350100M000100Y4",               // 17 characters
        "版本号1.2.3.4.5",                      // a version string, not an address
        "地址256.1.1.1",                        // octet out of range
        "时间12:30:45",                         // a clock time is not IPv6
        "bad 1::2::3",                          // two '::'
        "IBAN GB82 WEST 1234 5698 7654 33",     // wrong check digits
        "快递单号SF8877280061868",                // mod 97 passes, but SF is no IBAN country
        "IBAN GB79WEST1234569876",              // mod 97 passes, 18 characters where GB has 22
        "IBAN DE543704004405320130001",         // mod 97 passes, 23 characters where DE has 22
        "SSN 000-12-3456",                      // area 000 never issued
        "SSN 666-12-3456",                      // area 666 never issued
        "SSN 123-00-4567",                      // group 00 never issued
        "电话号码 010-6234-5678",                 // not an SSN shape
    ])
    func negatives(input: String) throws {
        let result = try masker.mask(input)
        #expect(!result.findings.contains { ["CN_USCC", "IPV4", "IPV6", "IBAN", "US_SSN"].contains($0.type.rawValue) },
                "unexpected \(result.findings) in \(input)")
    }

    @Test("A valid resident ID that also passes the USCC check is an ID")
    func residentIDBeatsUSCC() throws {
        // Search all-digit valid IDs for one that passes the mod-31 check by chance (about 1 in 31).
        var found: String?
        for sequence in 100..<1000 where found == nil {
            let first17 = "11010519800101\(sequence)"
            guard let check = CheckDigits.residentIDCheckCharacter(Array(first17.utf8)), check != UInt8(ascii: "X") else { continue }
            let id = first17 + String(UnicodeScalar(check))
            if CheckDigits.isValidUnifiedSocialCreditCode(id) { found = id }
        }
        let id = try #require(found)
        #expect(try masker.mask("号码\(id)").findings.map(\.type) == [EntityType.residentID])
    }

    @Test("Check algorithms on their own", arguments: [
        ("91350100M000100Y43", true), ("91350100M000100Y43".lowercased(), false), ("9135010OM000100Y43", false),
    ])
    func uscc(code: String, valid: Bool) {
        #expect(CheckDigits.isValidUnifiedSocialCreditCode(code) == valid)
    }
}
