/// The outcome of checking one answer.
public struct AnswerVerdict: Sendable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        case pass
        case blocked
    }

    public var outcome: Outcome
    public var violations: [Violation]

    public init(outcome: Outcome, violations: [Violation]) {
        self.outcome = outcome
        self.violations = violations
    }
}

/// Runs a list of rules over an answer and collects every violation.
public struct AnswerChecker: Sendable {
    public let rules: [any AnswerRule]

    public init(rules: [any AnswerRule]) { self.rules = rules }

    /// The foundation's rules: section shape and citations of retrieved clauses.
    public static let standard = AnswerChecker(rules: [SectionShapeRule(), CitationRule()])

    public func check(_ answer: String, context: AnswerContext) -> AnswerVerdict {
        let sections = AnswerSections(parsing: answer)
        let violations = rules.flatMap { $0.violations(in: sections, context: context) }
        return AnswerVerdict(outcome: violations.isEmpty ? .pass : .blocked, violations: violations)
    }
}
