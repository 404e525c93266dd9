/// An answer split into its two required sections.
public struct AnswerSections: Sendable, Equatable {
    public static let basisMarker = "【政策依据】"
    public static let explanationMarker = "【简明解释】"

    /// Text before 【政策依据】 (should be empty).
    public var preamble: String
    /// Text of 【政策依据】, nil when the marker is missing.
    public var basis: String?
    /// Text of 【简明解释】, nil when the marker is missing or comes before 【政策依据】.
    public var explanation: String?

    public init(parsing answer: String) {
        guard let basisRange = AnswerSections.range(of: AnswerSections.basisMarker, in: answer[...]) else {
            preamble = answer
            basis = nil
            explanation = nil
            return
        }
        preamble = String(answer[..<basisRange.lowerBound])
        let afterBasis = answer[basisRange.upperBound...]
        if let explanationRange = AnswerSections.range(of: AnswerSections.explanationMarker, in: afterBasis) {
            basis = String(afterBasis[..<explanationRange.lowerBound])
            explanation = String(afterBasis[explanationRange.upperBound...])
        } else {
            basis = String(afterBasis)
            explanation = nil
        }
    }

    /// The first occurrence of `marker` in `text`, by UTF-8 bytes (the markers are fixed strings, so
    /// no Unicode-aware comparison is needed, and Foundation's is costly on every answer).
    static func range(of marker: String, in text: Substring) -> Range<String.Index>? {
        let needle = Array(marker.utf8)
        let utf8 = text.utf8
        guard let first = needle.first else { return nil }
        var index = utf8.startIndex
        while let found = utf8[index...].firstIndex(of: first) {
            var candidate = found
            var matched = true
            for byte in needle {
                guard candidate < utf8.endIndex, utf8[candidate] == byte else { matched = false; break }
                candidate = utf8.index(after: candidate)
            }
            if matched { return found..<candidate }
            index = utf8.index(after: found)
        }
        return nil
    }
}
