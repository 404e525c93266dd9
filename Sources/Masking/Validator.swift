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
        }
    }
}
