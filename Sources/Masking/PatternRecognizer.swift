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
        self.startCues = nil
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

    /// When the base score is below the minimum and every rule that raises it looks only before the
    /// match, a match can only count if it starts within `window` code points of one of those cue
    /// words: each such rule's cue-index word ids and window. Nil when matches can count anywhere.
    private let startCues: [(words: Set<Int>, window: Int)]?

    private init(copying other: PatternRecognizer, context: [ContextRule], minimumScore: Double) {
        self.minimumScore = minimumScore
        startCues = PatternRecognizer.startCues(score: other.score, context: context, minimumScore: minimumScore)
        id = other.id
        entityType = other.entityType
        priority = other.priority
        score = other.score
        validator = other.validator
        self.context = context
        requiredWords = other.requiredWords
        pattern = other.pattern
    }

    private static func startCues(score: Double, context: [ContextRule], minimumScore: Double) -> [(words: Set<Int>, window: Int)]? {
        guard score < minimumScore else { return nil }
        let raising = context.filter { $0.adjustment > 0 }
        // Every raising word must be one the cue index can find (two bytes or more) and must come
        // before the match; otherwise the whole text is searched, as without cues.
        guard !raising.isEmpty, raising.allSatisfy({ rule in
            rule.after.isEmpty && rule.beforeIDs?.count == rule.before.count
                && rule.before.allSatisfy { ContextRule.foldedBytes($0).count >= 2 }
        }) else { return nil }
        return raising.map { (Set($0.beforeIDs ?? []), $0.window) }
    }

    /// The byte ranges a match must start in to be within reach of a raising cue word: from the
    /// end of each occurrence to `window` code points after its start, merged. Sentence ends are
    /// ignored here (the score check applies them), so this is a superset of what can count.
    private func startWindows(in text: NormalizedText, cues: CueOccurrences, startCues: [(words: Set<Int>, window: Int)]) -> [ClosedRange<Int>] {
        var windows: [ClosedRange<Int>] = []
        for hit in cues.hits {
            for rule in startCues where rule.words.contains(hit.id) {
                let last = ContextRule.byteOffset(forward: rule.window, from: hit.start, in: text.utf8)
                if hit.end <= last { windows.append(hit.end...last) }
            }
        }
        guard windows.count > 1 else { return windows }
        windows.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Int>] = [windows[0]]
        for window in windows.dropFirst() {
            let last = merged[merged.count - 1]
            if window.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, window.upperBound)
            } else {
                merged.append(window)
            }
        }
        return merged
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
        guard let workspace = text.workspace ?? MatchWorkspace() else {
            throw .matchFailed(recognizer: id, message: "could not allocate PCRE2 match data")
        }
        var windows: [ClosedRange<Int>]?
        if let startCues, let cues = text.cues {
            windows = startWindows(in: text, cues: cues, startCues: startCues)
            if windows!.isEmpty { return [] }
        }
        let ranges = try pattern.matches(in: text.utf8, workspace: workspace, startWindows: windows)
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
