/// Something that finds one type of personal information in a normalised text.
public protocol Recognizer: Sendable {
    /// Stable id recorded in every finding, e.g. `cn_id_18`.
    var id: String { get }
    var entityType: EntityType { get }
    /// When two findings overlap, the one with the higher priority wins (a valid `CN_ID` beats a
    /// `BANK_CARD` that passes Luhn by chance).
    var priority: Int { get }
    func findings(in text: NormalizedText) throws(MaskingError) -> [Finding]
}
