/// 【政策依据】 first, then 【简明解释】, both non-empty, nothing but whitespace before the first.
public struct SectionShapeRule: AnswerRule {
    public let id = "shape"
    public init() {}

    public func violations(in answer: AnswerSections, context: AnswerContext) -> [Violation] {
        var found: [Violation] = []
        guard let basis = answer.basis else {
            return [Violation(rule: id, detail: "missing section \(AnswerSections.basisMarker)")]
        }
        if !answer.preamble.allSatisfy(\.isWhitespace) {
            found.append(Violation(rule: id, detail: "text before \(AnswerSections.basisMarker): the answer must start with it"))
        }
        if basis.allSatisfy(\.isWhitespace) {
            found.append(Violation(rule: id, detail: "section \(AnswerSections.basisMarker) is empty"))
        }
        if let explanation = answer.explanation {
            if explanation.allSatisfy(\.isWhitespace) {
                found.append(Violation(rule: id, detail: "section \(AnswerSections.explanationMarker) is empty"))
            }
        } else {
            found.append(Violation(rule: id, detail: "missing section \(AnswerSections.explanationMarker) after \(AnswerSections.basisMarker)"))
        }
        return found
    }
}
