/// The built-in recognizers: mainland mobile numbers, resident ID numbers, e-mail addresses,
/// payment cards, unified social credit codes, IPv4 and IPv6 addresses, IBANs and US SSNs. Every pattern uses explicit ASCII look-arounds, never `\b`, because
/// `\b` misbehaves between a Chinese character and a digit.
public enum BuiltInRecognizers {
    /// GB 11643-1999 resident ID: 6-digit area code, birth date, sequence, check character.
    public static let residentIDPattern =
        #"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])"#

    /// Mainland mobile: optional +86/0086/86 prefix, allocated 1xx network codes, 3-4-4 grouping.
    public static let mobilePattern =
        #"(?<![0-9])(?:(?:\+|00)?86[ -]?)?1(?:3[0-9]|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8[0-9]|9[0-35-9])(?:[ -]?[0-9]{4}){2}(?![0-9])"#

    /// E-mail: local part, `@`, dotted domain with an alphabetic top-level label.
    public static let emailPattern =
        #"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])"#

    /// Payment cards with UnionPay, Visa, Mastercard, AmEx, JCB and legacy domestic prefixes,
    /// ungrouped or grouped by four with spaces or hyphens; length and Luhn are checked afterwards.
    public static let bankCardPattern =
        #"(?<![0-9])(?:62|4[0-9]|5[1-5]|2[2-7]|3[47]|35|9[0-9])[0-9]{2}(?:[ -]?[0-9]{4}){2}(?:[ -]?[0-9]{1,4}){1,2}(?![0-9])"#

    /// AmEx printed 4-6-5.
    public static let amexGroupedPattern = #"(?<![0-9])3[47][0-9]{2}[ -][0-9]{6}[ -][0-9]{5}(?![0-9])"#

    /// GB 32100 unified social credit code: 18 characters of the code's 31-letter alphabet.
    public static let unifiedSocialCreditCodePattern =
        #"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"#

    /// IPv4 with each octet 0–255; a dotted run of five numbers (a version string) is not an address.
    public static let ipv4Pattern =
        #"(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9]|\.[0-9])"#

    /// IPv6 candidates (hex groups and colons), confirmed by `inet_pton`.
    public static let ipv6Pattern = #"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])"#

    /// IBAN: country, check digits, then up to 30 alphanumerics, printed in groups of four or not.
    public static let ibanPattern = #"(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}(?: ?[0-9A-Z]{4}){2,7}(?: ?[0-9A-Z]{1,4})?(?![0-9A-Za-z])"#

    /// US SSN, written with hyphens (nine bare digits are too ambiguous to mask by pattern alone).
    public static let usSSNPattern = #"(?<![0-9-])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9-])"#

    /// All built-in recognizers, in a fixed order.
    public static func all() throws(MaskingError) -> [any Recognizer] {
        [
            try PatternRecognizer(id: "cn_id_18", entityType: .residentID, pattern: residentIDPattern,
                                  validator: .residentID, score: 0.95, priority: 30),
            try PatternRecognizer(id: "cn_mobile", entityType: .phone, pattern: mobilePattern,
                                  score: 0.85, priority: 20),
            try PatternRecognizer(id: "email", entityType: .email, pattern: emailPattern,
                                  score: 0.95, priority: 20),
            try PatternRecognizer(id: "bank_card_luhn", entityType: .bankCard, pattern: bankCardPattern,
                                  validator: .luhn, score: 0.9, priority: 10),
            try PatternRecognizer(id: "bank_card_amex", entityType: .bankCard, pattern: amexGroupedPattern,
                                  validator: .luhn, score: 0.9, priority: 10),
            try PatternRecognizer(id: "cn_uscc", entityType: .unifiedSocialCreditCode, pattern: unifiedSocialCreditCodePattern,
                                  validator: .unifiedSocialCreditCode, score: 0.9, priority: 25),
            try PatternRecognizer(id: "ipv4", entityType: .ipv4, pattern: ipv4Pattern, score: 0.8, priority: 15),
            try PatternRecognizer(id: "ipv6", entityType: .ipv6, pattern: ipv6Pattern, validator: .ipv6, score: 0.85, priority: 15),
            try PatternRecognizer(id: "iban", entityType: .iban, pattern: ibanPattern, validator: .iban, score: 0.9, priority: 20),
            try PatternRecognizer(id: "us_ssn", entityType: .usSSN, pattern: usSSNPattern, validator: .usSSN, score: 0.8, priority: 15),
        ]
    }
}
