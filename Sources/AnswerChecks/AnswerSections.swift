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
        guard let basisRange = answer.range(of: AnswerSections.basisMarker) else {
            preamble = answer
            basis = nil
            explanation = nil
            return
        }
        preamble = String(answer[..<basisRange.lowerBound])
        let afterBasis = answer[basisRange.upperBound...]
        if let explanationRange = afterBasis.range(of: AnswerSections.explanationMarker) {
            basis = String(afterBasis[..<explanationRange.lowerBound])
            explanation = String(afterBasis[explanationRange.upperBound...])
        } else {
            basis = String(afterBasis)
            explanation = nil
        }
    }
}
