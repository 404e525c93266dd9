/// A recognizer made of a PCRE2 pattern, a validator, a base score and context rules: the shape every
/// structured PII type takes, and what a policy file's `pattern:` entry becomes.
public struct PatternRecognizer: Recognizer {
    public let id: String
    public let entityType: EntityType
    public let priority: Int
    /// Score before context adjustments. A value below the policy's minimum score means "only with context".
    public let score: Double
    public let validator: Validator
    public let context: [ContextRule]
    public let pattern: CompiledPattern

    public init(id: String, entityType: EntityType, pattern: String, validator: Validator = .none,
                score: Double, priority: Int = 0, context: [ContextRule] = []) throws(MaskingError) {
        self.id = id
        self.entityType = entityType
        self.priority = priority
        self.score = score
        self.validator = validator
        self.context = context
        self.pattern = try CompiledPattern(pattern, owner: id)
    }

    public func findings(in text: NormalizedText) throws(MaskingError) -> [Finding] {
        var results: [Finding] = []
        for byteRange in try pattern.matches(in: text.utf8) {
            let verdict = validator.validate(text.string(byteRange))
            guard verdict.passed else { continue }
            var score = self.score
            var reason = verdict.reason
            for rule in context {
                if let cue = rule.cue(around: byteRange, in: text.utf8) {
                    score += rule.adjustment
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
