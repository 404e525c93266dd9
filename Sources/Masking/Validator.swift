/// A check a pattern match must pass before it becomes a finding.
///
/// Validators look at the folded match text with separators (spaces, hyphens) removed.
public enum Validator: String, Sendable, Codable, CaseIterable {
    /// Accept every match of the pattern.
    case none
    /// GB 11643 resident ID: MOD 11-2 check character and a real birth date.
    case residentID = "cn_id_checksum"
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

    /// Whether the candidate passes, and the reason to record when it does.
    public func validate(_ candidate: String) -> (passed: Bool, reason: String) {
        let compact = String(candidate.unicodeScalars.filter { $0 != " " && $0 != "-" })
        switch self {
        case .none:
            return (true, "pattern")
        case .residentID:
            return (CheckDigits.isValidResidentID(compact), "checksum")
        case .luhn:
            let digits = Array(compact.utf8)
            return ((13...19).contains(digits.count) && CheckDigits.passesLuhn(digits), "checksum")
        case .unifiedSocialCreditCode:
            return (CheckDigits.isValidUnifiedSocialCreditCode(compact), "checksum")
        case .iban:
            return (CheckDigits.isValidIBAN(compact), "checksum")
        case .ipv6:
            return (CheckDigits.isValidIPv6(candidate), "inet_pton")
        case .usSSN:
            return (CheckDigits.isIssuableSSN(compact), "pattern")
        }
    }
}
