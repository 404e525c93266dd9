import Retrieval

/// What a rule is given besides the answer: the clauses retrieved for this exchange.
public struct AnswerContext: Sendable {
    public var retrieved: [RetrievalHit]
    /// Whether an answer that cites nothing fails.
    public var requireCitations: Bool

    public init(retrieved: [RetrievalHit], requireCitations: Bool) {
        self.retrieved = retrieved
        self.requireCitations = requireCitations
    }
}

/// One way an answer breaks the rules.
public struct Violation: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The rule's id, e.g. `shape`.
    public var rule: String
    /// What exactly is wrong, in words an operator can act on.
    public var detail: String

    public init(rule: String, detail: String) {
        self.rule = rule
        self.detail = detail
    }

    public var description: String { "\(rule): \(detail)" }
}

/// One check on a model's answer. Rules are small, independent and composable: the checker runs
/// them all and collects every violation.
public protocol AnswerRule: Sendable {
    var id: String { get }
    func violations(in answer: AnswerSections, context: AnswerContext) -> [Violation]
}
