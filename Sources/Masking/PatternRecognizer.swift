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
    /// Words every match contains near its start (`anchor` in a policy file): the pattern is only
    /// tried just before their occurrences.
    public let anchor: AnchorSpec?
    public let pattern: CompiledPattern

    public init(id: String, entityType: EntityType, pattern: String, validator: Validator = .none,
                score: Double, priority: Int = 0, context: [ContextRule] = [], requiredWords: [String] = [],
                anchor: AnchorSpec? = nil) throws(MaskingError) {
        self.requiredWords = requiredWords
        self.anchor = anchor
        self.minimumScore = -.infinity
        self.startRule = nil
        self.id = id
        self.entityType = entityType
        self.priority = priority
        self.score = score
        self.validator = validator
        self.context = context
        self.pattern = try CompiledPattern(pattern, owner: id)
    }

    /// Context words, and anchor words: the detector finds them all in one pass per text.
    public var cueWords: [String] { context.flatMap(\.words) + (anchor?.words ?? []) }

    public func resolvingCues(_ ids: [String: Int], minimumScore: Double) -> any Recognizer {
        PatternRecognizer(copying: self, context: context.map { $0.resolved(with: ids) }, ids: ids, minimumScore: minimumScore)
    }

    /// Matches scoring below this after context are dropped before a finding is built.
    private let minimumScore: Double

    /// Where in a text a match that can count may start; nil when anywhere.
    private enum StartRule {
        /// Within `reach` code points before an occurrence of one of the anchor words (cue-index ids).
        case anchor(words: WordSet, reach: Int)
        /// The base score is below the minimum and every rule that raises it looks only before the
        /// match: within `window` code points after one of a raising rule's words.
        case cues([(words: WordSet, window: Int)])

        var isAnchor: Bool {
            if case .anchor = self { return true }
            return false
        }
    }

    /// Cue-index word ids as a bitmap: a membership test per cue occurrence without hashing.
    struct WordSet: Sendable {
        private var bits: [UInt64] = []

        init<Ids: Sequence<Int>>(_ ids: Ids) {
            for id in ids {
                while bits.count <= id >> 6 { bits.append(0) }
                bits[id >> 6] |= 1 << UInt64(id & 63)
            }
        }

        @inline(__always) func contains(_ id: Int) -> Bool {
            id >> 6 < bits.count && bits[id >> 6] & (1 << UInt64(id & 63)) != 0
        }
    }

    private let startRule: StartRule?

    private init(copying other: PatternRecognizer, context: [ContextRule], ids: [String: Int], minimumScore: Double) {
        self.minimumScore = minimumScore
        if let anchor = other.anchor {
            startRule = .anchor(words: WordSet(anchor.words.compactMap { ids[$0] }), reach: anchor.reach)
        } else {
            startRule = PatternRecognizer.startCues(score: other.score, context: context, minimumScore: minimumScore).map(StartRule.cues)
        }
        id = other.id
        entityType = other.entityType
        priority = other.priority
        score = other.score
        validator = other.validator
        self.context = context
        requiredWords = other.requiredWords
        anchor = other.anchor
        pattern = other.pattern
    }

    private static func startCues(score: Double, context: [ContextRule], minimumScore: Double) -> [(words: WordSet, window: Int)]? {
        guard score < minimumScore else { return nil }
        let raising = context.filter { $0.adjustment > 0 }
        // Every raising word must be one the cue index can find (two bytes or more) and must come
        // before the match; otherwise the whole text is searched, as without cues.
        guard !raising.isEmpty, raising.allSatisfy({ rule in
            rule.after.isEmpty && rule.beforeIDs?.count == rule.before.count
                && rule.before.allSatisfy { ContextRule.foldedBytes($0).count >= 2 }
        }) else { return nil }
        return raising.map { (WordSet($0.beforeIDs ?? []), $0.window) }
    }

    /// The byte ranges a match must start in to count, merged: for an anchor, from `reach` code
    /// points before each occurrence to the occurrence; for cues, from the end of each occurrence to
    /// `window` code points after its start. Sentence ends are ignored here (the score check
    /// applies them), so this is a superset of what can count.
    private func startWindows(in text: NormalizedText, cues: CueOccurrences, rule: StartRule) -> [ClosedRange<Int>] {
        var windows: [ClosedRange<Int>] = []
        switch rule {
        case let .anchor(words, reach):
            for hit in cues.hits where words.contains(hit.id) {
                windows.append(ContextRule.byteOffset(back: reach, from: hit.start, in: text.utf8)...hit.start)
            }
        case let .cues(rules):
            for hit in cues.hits {
                for rule in rules where rule.words.contains(hit.id) {
                    let last = ContextRule.byteOffset(forward: rule.window, from: hit.start, in: text.utf8)
                    if hit.end <= last { windows.append(hit.end...last) }
                }
            }
        }
        return PatternRecognizer.merged(windows)
    }

    /// The windows sorted and merged where they overlap or touch, in place.
    static func merged(_ windows: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        guard windows.count > 1 else { return windows }
        var windows = windows
        windows.sort { $0.lowerBound < $1.lowerBound }
        var last = 0
        for index in 1..<windows.count {
            if windows[index].lowerBound <= windows[last].upperBound + 1 {
                windows[last] = windows[last].lowerBound...max(windows[last].upperBound, windows[index].upperBound)
            } else {
                last += 1
                windows[last] = windows[index]
            }
        }
        windows.removeLast(windows.count - last - 1)
        return windows
    }

    /// What the reason of an item listed after a cued finding adds (``ListContinuation``).
    private static let listed = "; listed after a cued value"

    /// The pattern's: the detector checks it before calling ``findings(in:)``.
    public var textFilter: TextFilter { pattern.filter }

    public func gates(minimumScore: Double) -> [[String]] {
        var gates: [[String]] = requiredWords.isEmpty ? [] : [requiredWords]
        if let anchor { gates.append(anchor.words) }
        if score < minimumScore {
            let cues = context.filter { $0.adjustment > 0 }.flatMap { $0.before + $0.after }
            if !cues.isEmpty && cues.allSatisfy({ ContextRule.foldedBytes($0).count >= 2 }) { gates.append(cues) }
        }
        return gates
    }

    public func findings(in text: NormalizedText) throws(MaskingError) -> [Finding] {
        guard pattern.filter.admits(text) else { return [] }
        guard let workspace = text.workspace ?? MatchWorkspace() else {
            throw .matchFailed(recognizer: id, message: "could not allocate PCRE2 match data")
        }
        var windows: [ClosedRange<Int>]?
        // With `\K` the reported match starts after where matching began, so only an anchor's
        // windows (which bound where matching begins) apply, and only tried anchored.
        if let startRule, let cues = text.cues, !pattern.mayResetMatchStart || startRule.isAnchor {
            windows = startWindows(in: text, cues: cues, rule: startRule)
            if windows!.isEmpty { return [] }
        }
        var results: [Finding] = []
        try pattern.forEachMatch(in: text.utf8, workspace: workspace, startWindows: windows,
                                 anchoredInWindows: pattern.mayResetMatchStart) { byteRange in
            // `.none` needs no text; every other validator looks at the folded match.
            let verdict = validator == .none ? (passed: true, reason: "pattern") : validator.validate(bytes: text.utf8[byteRange])
            guard verdict.passed else { return false }
            // The score first: most context-gated matches (any 4–8 digits for an SMS code) end here,
            // before a reason string is built. Each rule is looked at once; only those that fired
            // (bit n for rule n) are asked for their word again, for the reason.
            var score = self.score
            var fired: UInt64 = 0
            for number in context.indices where context[number].cue(around: byteRange, in: text.utf8, occurrences: text.cues) != nil {
                score += context[number].adjustment
                fired |= 1 << UInt64(number & 63)
            }
            guard score >= minimumScore else { return true }
            var reason = verdict.reason
            for number in context.indices where fired & (1 << UInt64(number & 63)) != 0 {
                if let cue = context[number].cue(around: byteRange, in: text.utf8, occurrences: text.cues) {
                    reason += context[number].adjustment >= 0 ? "; cue \(cue)" : "; counter-cue \(cue)"
                }
            }
            let finding = Finding(type: entityType,
                                  start: text.scalarOffset(ofByte: byteRange.lowerBound),
                                  end: text.endScalarOffset(ofByte: byteRange.upperBound),
                                  score: min(1, max(0, score)), recognizer: id, reason: reason)
            results.append(finding)
            return true
        }
        // Every finding of a recognizer whose base score is below the minimum had a cue raise it.
        if score < minimumScore && !results.isEmpty { try appendListItems(in: text, workspace: workspace, to: &results) }
        return results
    }

    /// Items listed after a cued finding (护照号分别是E12345678、E87654321): the second is beyond the
    /// cue's window, so it takes the first one's score, less any counter-cue of its own. Items are
    /// appended after the findings: the detector sorts them.
    @inline(never)
    private func appendListItems(in text: NormalizedText, workspace: MatchWorkspace, to results: inout [Finding]) throws(MaskingError) {
        var listHeads: [(next: Int, finding: Finding)] = results.compactMap { finding in
            nextListItem(after: text.byteOffset(ofScalar: finding.end), in: text).map { ($0, finding) }
        }
        while let (next, head) = listHeads.popLast() {
            guard !results.contains(where: { text.byteOffset(ofScalar: $0.start) == next }) else { continue }
            var item: Range<Int>?
            try pattern.forEachMatch(in: text.utf8, workspace: workspace, startWindows: [next...next],
                                     anchoredInWindows: pattern.mayResetMatchStart) { byteRange in
                guard item == nil, byteRange.lowerBound == next, ListContinuation.endsItem(at: byteRange.upperBound, in: text.utf8),
                      validator == .none || validator.validate(bytes: text.utf8[byteRange]).passed else { return false }
                item = byteRange
                return true
            }
            guard let item else { continue }
            var score = head.score
            for rule in context where rule.adjustment < 0 && rule.cue(around: item, in: text.utf8, occurrences: text.cues) != nil {
                score += rule.adjustment
            }
            guard score >= minimumScore else { continue }
            let finding = Finding(type: entityType, start: text.scalarOffset(ofByte: item.lowerBound),
                                  end: text.endScalarOffset(ofByte: item.upperBound), score: score, recognizer: id,
                                  reason: head.reason.hasSuffix(PatternRecognizer.listed) ? head.reason : head.reason + PatternRecognizer.listed)
            results.append(finding)
            if let following = nextListItem(after: item.upperBound, in: text) { listHeads.append((following, finding)) }
        }
    }

    /// Where the next item of a list after byte `end` starts, when one of this pattern's first bytes is there.
    private func nextListItem(after end: Int, in text: NormalizedText) -> Int? {
        guard let next = ListContinuation.nextItemStart(after: end, in: text.utf8) else { return nil }
        return pattern.filter.startBytes.map { $0.contains(text.utf8[next]) } ?? true ? next : nil
    }
}
