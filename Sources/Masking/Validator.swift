/// A check a pattern match must pass before it becomes a finding. Policy files name them by raw value.
///
/// Validators look at the folded match text; most remove separators (spaces, hyphens) first.
public enum Validator: String, Sendable, Codable, CaseIterable {
    /// Accept every match of the pattern.
    case none
    /// GB 11643 resident ID: MOD 11-2 check character and a real birth date.
    case residentID = "cn_id_checksum"
    /// Legacy 15-digit resident ID (GB 11643-1989): a real birth date in 19YY; no check digit exists.
    case legacyResidentID = "cn_id_legacy_date"
    /// Hong Kong identity card: letters, six digits and a MOD 11 check character (A123456(3)).
    case hongKongIdentityCard = "hkid_checksum"
    /// Taiwan national identification number: a letter and nine digits with a MOD 10 check (A123456789).
    case taiwanNationalID = "tw_id_checksum"
    /// Payment card: 13–19 digits passing the Luhn check.
    case luhn
    /// GB 32100-2015 unified social credit code: mod-31 check character.
    case unifiedSocialCreditCode = "cn_uscc_checksum"
    /// ISO 13616 IBAN: length 15–34 and mod 97 = 1.
    case iban = "iban_mod97"
    /// An IPv6 address `inet_pton` accepts, with `::` or all eight groups.
    case ipv6
    /// A US SSN whose area, group and serial were ever issuable (not 000, 666, 9xx; not 00; not 0000).
    case usSSN = "us_ssn"
    /// A North American number: area code and exchange start with 2–9.
    case northAmericanPhone = "nanp"
    /// A calendar date between 1900 and 2099 (Y-M-D in digits, any separators or 年月日; or with the
    /// year last, month or day first: 07/03/1990, 4/7/82; or with the month's English name: March 3, 1985).
    case date
    /// Every token of a romanised name is spelt in Hanyu Pinyin syllables.
    case pinyinName = "pinyin_name"
    /// A Chinese address that goes below the province or city: at least five characters and a
    /// lower-level unit (区, 县, 镇, 路, 号, 室…) after the first two.
    case chineseAddress = "cn_address"

    /// Whether the candidate passes, and the reason to record when it does.
    public func validate(_ candidate: String) -> (passed: Bool, reason: String) {
        switch self {
        case .none:
            return (true, "pattern")
        case .residentID:
            return (CheckDigits.isValidResidentID(Validator.compact(candidate)), "checksum")
        case .legacyResidentID:
            return (CheckDigits.isPlausibleLegacyResidentID(Validator.compact(candidate)), "birth date")
        case .hongKongIdentityCard:
            return (CheckDigits.isValidHongKongIdentityCard(Validator.compact(candidate)), "checksum")
        case .taiwanNationalID:
            return (CheckDigits.isValidTaiwanNationalID(Validator.compact(candidate)), "checksum")
        case .luhn:
            let digits = Array(Validator.compact(candidate).utf8)
            return ((13...19).contains(digits.count) && CheckDigits.passesLuhn(digits), "checksum")
        case .unifiedSocialCreditCode:
            return (CheckDigits.isValidUnifiedSocialCreditCode(Validator.compact(candidate)), "checksum")
        case .iban:
            return (CheckDigits.isValidIBAN(Validator.compact(candidate)), "checksum")
        case .ipv6:
            return (CheckDigits.isValidIPv6(candidate), "inet_pton")
        case .usSSN:
            return (CheckDigits.isIssuableSSN(Validator.compact(candidate)), "pattern")
        case .northAmericanPhone:
            return (CheckDigits.isNorthAmericanNumber(candidate), "pattern")
        case .date:
            return (CheckDigits.isPlausibleDate(candidate), "date")
        case .chineseAddress:
            // At least five characters, and a unit after the first two (no array of them built). The
            // 区 of 自治区 or 特别行政区 names a province, not a lower level: 内蒙古自治区 alone is no address.
            var count = 0, unit = false
            var previous: Unicode.Scalar = " "
            for scalar in candidate.unicodeScalars {
                if count >= 2 && !unit && Validator.addressUnits.contains(scalar) && !(scalar == "区" && (previous == "治" || previous == "政")) {
                    unit = true
                }
                previous = scalar
                count += 1
            }
            return (count >= 5 && unit, "address grammar")
        case .pinyinName:
            return (Pinyin.isName(candidate), "pinyin")
        }
    }

    /// `validate` on the folded match bytes: the checksum validators read bytes without building
    /// a `String` (the detector calls this for every match of every pattern).
    func validate(bytes: ArraySlice<UInt8>) -> (passed: Bool, reason: String) {
        func compact() -> [UInt8] { bytes.filter { $0 != 0x20 && $0 != 0x2D } }
        switch self {
        case .none: return (true, "pattern")
        case .residentID: return (CheckDigits.isValidResidentID(bytes: compact()), "checksum")
        case .legacyResidentID: return (CheckDigits.isPlausibleLegacyResidentID(bytes: compact()), "birth date")
        case .hongKongIdentityCard: return (CheckDigits.isValidHongKongIdentityCard(bytes: compact()), "checksum")
        case .taiwanNationalID: return (CheckDigits.isValidTaiwanNationalID(bytes: compact()), "checksum")
        case .luhn:
            let digits = compact()
            return ((13...19).contains(digits.count) && CheckDigits.passesLuhn(digits), "checksum")
        case .unifiedSocialCreditCode: return (CheckDigits.isValidUnifiedSocialCreditCode(bytes: compact()), "checksum")
        case .iban: return (CheckDigits.isValidIBAN(bytes: compact()), "checksum")
        case .usSSN: return (CheckDigits.isIssuableSSN(bytes: compact()), "pattern")
        case .northAmericanPhone: return (CheckDigits.isNorthAmericanNumber(bytes: Array(bytes)), "pattern")
        case .date: return (CheckDigits.isPlausibleDate(bytes: Array(bytes)), "date")
        case .ipv6, .chineseAddress, .pinyinName: return validate(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Characters that end an address level below the city.
    static let addressUnits: Set<Unicode.Scalar> = ["区", "县", "旗", "镇", "乡", "街", "道", "路", "巷", "弄", "号", "室", "村", "栋", "幢", "座", "楼", "层", "元", "州", "盟"]

    /// The candidate without spaces and hyphens.
    static func compact(_ candidate: String) -> String {
        let utf8 = candidate.utf8
        guard utf8.contains(where: { $0 == 0x20 || $0 == 0x2D }) else { return candidate }
        return String(decoding: utf8.filter { $0 != 0x20 && $0 != 0x2D }, as: UTF8.self)
    }
}
