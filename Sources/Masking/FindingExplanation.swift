/// One match of one recognizer in a text and what became of it: what `hegui policy explain` prints,
/// so a policy author (or a compliance officer asking why a value stayed in a text) sees which rule
/// found what, with which score and reason, and why it was or was not masked.
public struct FindingExplanation: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Masked (or reported, for a type the policy keeps).
        case kept
        /// Its score, after context, is below the policy's minimum (the associated value).
        case belowMinimumScore(Double)
        /// The allow-list says the value is not personal (a service number).
        case allowListed
        /// A longer, higher-priority or higher-scoring finding covers part of it.
        case overlapped(by: Finding)
        /// Masking did not try the pattern there (outside the windows its cue words open), though
        /// it matches when tried everywhere.
        case notTried
    }

    public let finding: Finding
    public let outcome: Outcome

    public init(finding: Finding, outcome: Outcome) {
        self.finding = finding
        self.outcome = outcome
    }

    /// The outcome in words: `kept`, `below min_score 0.50`, `allow-listed`, `covered by cn_id_18 [5, 23)`, `not tried there`.
    public var outcomeDescription: String {
        switch outcome {
        case .kept: return "kept"
        case let .belowMinimumScore(minimum): return "below min_score \(FindingExplanation.twoDecimals(minimum))"
        case .allowListed: return "allow-listed"
        case let .overlapped(winner): return "covered by \(winner.recognizer) [\(winner.start), \(winner.end))"
        case .notTried: return "not tried there"
        }
    }

    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
