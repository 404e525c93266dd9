/// The kind of personal information a finding is. The raw values are the names used everywhere:
/// findings, policies, reports and audit entries.
public struct EntityType: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Resident identity card number (GB 11643-1999), 18 characters with a MOD 11-2 check; also the
    /// identity cards of Hong Kong (MOD 11), Macau and Taiwan (MOD 10) residents.
    public static let residentID = EntityType("CN_ID")
    /// Payment card number (ISO/IEC 7812), 13–19 digits with a Luhn check.
    public static let bankCard = EntityType("BANK_CARD")
    /// Telephone number: mainland mobiles, landlines with area code, international numbers.
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

    /// Bank account number (对公 accounts, passbooks), recognised by context: no universal checksum.
    public static let bankAccount = EntityType("BANK_ACCOUNT")
    /// Passport number (PRC ordinary, official, HKSAR, MSAR), recognised with context.
    public static let passport = EntityType("PASSPORT")
    /// Mainland travel permits for Hong Kong, Macau and Taiwan, and home-return permits.
    public static let travelPermit = EntityType("CN_PERMIT")
    /// Vehicle registration plate (GA 36), including new-energy plates.
    public static let vehiclePlate = EntityType("CN_PLATE")
    /// Person name, Chinese or English.
    public static let person = EntityType("PERSON")
    /// Postal address: the Chinese administrative hierarchy down to the room, or an English street address.
    public static let address = EntityType("ADDRESS")
    /// Authentication data (JR/T 0171 C3): passwords, SMS codes, CVV, card expiry. Never reversible.
    public static let authSecret = EntityType("AUTH_SECRET")
    /// Date of birth, recognised by context.
    public static let dateOfBirth = EntityType("DATE_OF_BIRTH")
    /// Organisation name: detected and reported, masked only if the policy says so.
    public static let organization = EntityType("ORG")

    /// Every type Hegui knows, in the order reports list them. Policies may only name these.
    public static let all: [EntityType] = [
        .residentID, .bankCard, .bankAccount, .unifiedSocialCreditCode, .phone, .email, .ipv4, .ipv6,
        .passport, .travelPermit, .vehiclePlate, .person, .address, .authSecret, .dateOfBirth, .iban,
        .usSSN, .organization,
    ]

    /// Types whose values are only ever masked irreversibly (no vault token, no pseudonym, no partial).
    public var isSecret: Bool { self == .authSecret }

    /// Name-like types found by rules rather than by pattern and checksum.
    public var isNamedEntity: Bool { self == .person || self == .address || self == .organization }

    public var description: String { rawValue }
    public static func < (lhs: EntityType, rhs: EntityType) -> Bool { lhs.rawValue < rhs.rawValue }
}
