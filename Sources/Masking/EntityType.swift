/// The kind of personal information a finding is. The raw values are the names used everywhere:
/// findings, policies, reports and audit entries.
public struct EntityType: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Resident identity card number (GB 11643-1999), 18 characters with a MOD 11-2 check.
    public static let residentID = EntityType("CN_ID")
    /// Payment card number (ISO/IEC 7812), 13–19 digits with a Luhn check.
    public static let bankCard = EntityType("BANK_CARD")
    /// Telephone number; the foundation recognises mainland mobile numbers.
    public static let phone = EntityType("PHONE")
    /// E-mail address.
    public static let email = EntityType("EMAIL")
    /// Unified social credit code (GB 32100-2015), 18 characters with a mod-31 check.
    public static let unifiedSocialCreditCode = EntityType("CN_USCC")
    /// IPv4 address.
    public static let ipv4 = EntityType("IPV4")
    /// IPv6 address, validated with `inet_pton`.
    public static let ipv6 = EntityType("IPV6")
    /// International bank account number (ISO 13616), mod-97 check.
    public static let iban = EntityType("IBAN")
    /// US social security number, written AAA-GG-SSSS.
    public static let usSSN = EntityType("US_SSN")

    public var description: String { rawValue }
    public static func < (lhs: EntityType, rhs: EntityType) -> Bool { lhs.rawValue < rhs.rawValue }
}
