/// A recognizer made of a PCRE2 pattern, a validator and a score: the shape every structured
/// PII type takes.
public struct PatternRecognizer: Recognizer {
    public let id: String
    public let entityType: EntityType
    public let priority: Int
    public let score: Double
    public let validator: Validator
    public let pattern: CompiledPattern

    public init(id: String, entityType: EntityType, pattern: String, validator: Validator = .none,
                score: Double, priority: Int = 0) throws(MaskingError) {
        self.id = id
        self.entityType = entityType
        self.priority = priority
        self.score = score
        self.validator = validator
        self.pattern = try CompiledPattern(pattern, owner: id)
    }

    public func findings(in text: NormalizedText) throws(MaskingError) -> [Finding] {
        var results: [Finding] = []
        for byteRange in try pattern.matches(in: text.utf8) {
            let start = text.scalarOffset(ofByte: byteRange.lowerBound)
            let end = text.scalarOffset(ofByte: byteRange.upperBound)
            let verdict = validator.validate(text.folded(start..<end))
            guard verdict.passed else { continue }
            results.append(Finding(type: entityType, start: start, end: end, score: score,
                                   recognizer: id, reason: verdict.reason))
        }
        return results
    }
}
