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

    public var description: String { rawValue }
    public static func < (lhs: EntityType, rhs: EntityType) -> Bool { lhs.rawValue < rhs.rawValue }
}
