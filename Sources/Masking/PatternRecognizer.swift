/// A recognizer made of a PCRE2 pattern, a validator, a base score and context rules: the shape every
/// structured PII type takes, and what a policy file's `pattern:` entry becomes.
///
/// A class, immutable after creation: the detector calls dozens of these per text through an
/// existential, and a reference costs one retain where a struct would copy every field.
public final class PatternRecognizer: Recognizer {
    public let id: String
    public let entityType: EntityType
    public let priority: Int
    /// Score before context adjustments. A value below the policy's minimum score means "only with context".
    public let score: Double
    public let validator: Validator
    public let context: [ContextRule]
    /// Words at least one of which must be in the text (`requires_any` in a policy file).
    public let requiredWords: [String]
    public let pattern: CompiledPattern

    public init(id: String, entityType: EntityType, pattern: String, validator: Validator = .none,
                score: Double, priority: Int = 0, context: [ContextRule] = [], requiredWords: [String] = []) throws(MaskingError) {
        self.requiredWords = requiredWords
        self.minimumScore = -.infinity
        self.id = id
        self.entityType = entityType
        self.priority = priority
        self.score = score
        self.validator = validator
        self.context = context
        self.pattern = try CompiledPattern(pattern, owner: id)
    }

    /// `requires_any` words, and, when the base score is below the minimum, the positive cue words:
    /// without one of them no finding can reach the minimum score.
    public var cueWords: [String] { context.flatMap(\.words) }

    public func resolvingCues(_ ids: [String: Int], minimumScore: Double) -> any Recognizer {
        PatternRecognizer(copying: self, context: context.map { $0.resolved(with: ids) }, minimumScore: minimumScore)
    }

    /// Matches scoring below this after context are dropped before a finding is built.
    private let minimumScore: Double

    private init(copying other: PatternRecognizer, context: [ContextRule], minimumScore: Double) {
        self.minimumScore = minimumScore
        id = other.id
        entityType = other.entityType
        priority = other.priority
        score = other.score
        validator = other.validator
        self.context = context
        requiredWords = other.requiredWords
        pattern = other.pattern
    }

    public func gates(minimumScore: Double) -> [[String]] {
        var gates: [[String]] = requiredWords.isEmpty ? [] : [requiredWords]
        if score < minimumScore {
            let cues = context.filter { $0.adjustment > 0 }.flatMap { $0.before + $0.after }
            if !cues.isEmpty && cues.allSatisfy({ ContextRule.foldedBytes($0).count >= 2 }) { gates.append(cues) }
        }
        return gates
    }

    public func findings(in text: NormalizedText) throws(MaskingError) -> [Finding] {
        guard pattern.mightMatch(text) else { return [] }
        let ranges = if let workspace = text.workspace {
            try pattern.matches(in: text.utf8, workspace: workspace)
        } else {
            try pattern.matches(in: text.utf8)
        }
        var results: [Finding] = []
        for byteRange in ranges {
            // `.none` needs no text; every other validator looks at the folded match.
            let verdict = validator == .none ? (passed: true, reason: "pattern") : validator.validate(text.string(byteRange))
            guard verdict.passed else { continue }
            // The score first: most context-gated matches (any 4–8 digits for an SMS code) end here,
            // before a reason string is built.
            var score = self.score
            for rule in context where rule.cue(around: byteRange, in: text.utf8, occurrences: text.cues) != nil {
                score += rule.adjustment
            }
            guard score >= minimumScore else { continue }
            var reason = verdict.reason
            for rule in context {
                if let cue = rule.cue(around: byteRange, in: text.utf8, occurrences: text.cues) {
                    reason += rule.adjustment >= 0 ? "; cue \(cue)" : "; counter-cue \(cue)"
                }
            }
            results.append(Finding(type: entityType,
                                   start: text.scalarOffset(ofByte: byteRange.lowerBound),
                                   end: text.scalarOffset(ofByte: byteRange.upperBound),
                                   score: min(1, max(0, score)), recognizer: id, reason: reason))
        }
        return results
    }
}
