/// Something that finds one type of personal information in a normalised text.
///
/// Class-bound: the detector calls dozens per text through `any Recognizer`, and a class
/// existential is copied with one retain instead of through a value-witness table.
public protocol Recognizer: AnyObject, Sendable {
    /// Stable id recorded in every finding, e.g. `cn_id_18`.
    var id: String { get }
    var entityType: EntityType { get }
    /// When two findings overlap, the one with the higher priority wins (a valid `CN_ID` beats a
    /// `BANK_CARD` that passes Luhn by chance).
    var priority: Int { get }
    func findings(in text: NormalizedText) throws(MaskingError) -> [Finding]
    /// Word lists of which the text must contain at least one word each for this recognizer to
    /// produce anything at `minimumScore`; empty when it can match any text. The detector skips
    /// the recognizer when a list has no word in the text.
    func gates(minimumScore: Double) -> [[String]]
    /// Context words this recognizer looks up; the detector finds them all in one pass per text.
    var cueWords: [String] { get }
    /// Bytes and length a text needs for this recognizer to find anything; the detector skips the
    /// recognizer for texts it does not admit (``TextFilter/none`` by default).
    var textFilter: TextFilter { get }
    /// This recognizer with its cue words resolved to the detector's cue-index ids. Findings that
    /// would score below `minimumScore` may be dropped early (the detector drops them anyway).
    func resolvingCues(_ ids: [String: Int], minimumScore: Double) -> any Recognizer
}

extension Recognizer {
    public func gates(minimumScore: Double) -> [[String]] { [] }
    public var cueWords: [String] { [] }
    public var textFilter: TextFilter { .none }
    public func resolvingCues(_ ids: [String: Int], minimumScore: Double) -> any Recognizer { self }
}
