/// One piece of personal information found in a text.
///
/// `start` and `end` are Unicode code-point (scalar) offsets into the original text, end exclusive,
/// so they can be reported to callers in any language without knowing Swift's string indices.
public struct Finding: Sendable, Hashable, Codable {
    public var type: EntityType
    public var start: Int
    public var end: Int
    public var score: Double
    /// The id of the recognizer that produced the finding, e.g. `cn_id_18`.
    public var recognizer: String
    /// Why the recognizer believes it: `checksum`, `pattern`, a cue word…
    public var reason: String

    public init(type: EntityType, start: Int, end: Int, score: Double, recognizer: String, reason: String) {
        self.type = type
        self.start = start
        self.end = end
        self.score = score
        self.recognizer = recognizer
        self.reason = reason
    }

    /// Number of code points covered.
    public var length: Int { end - start }

    /// Whether two findings share at least one code point.
    public func overlaps(_ other: Finding) -> Bool { start < other.end && other.start < end }
}
