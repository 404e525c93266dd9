/// Runs a set of recognizers over a text, drops findings below the minimum score or on the allow-list,
/// and resolves overlapping findings deterministically.
public struct PIIDetector: Sendable {
    public let recognizers: [any Recognizer]
    /// Findings scoring below this (after context adjustments) are dropped.
    public let minimumScore: Double
    public let allowList: AllowList
    /// Texts above this size are refused with ``MaskingError/inputTooLarge(bytes:limit:)``.
    public let maxInputBytes: Int

    /// The gates every recognizer must pass to run, flattened for a cache-friendly check per text:
    /// gate `g` is the cue-word bitmask `gateMasks[g * maskWords ..< (g + 1) * maskWords]`, and
    /// recognizer `r`'s gates are `gateStart[r] ..< gateStart[r + 1]`. A gate passes when the text
    /// holds one of its words.
    private let gateMasks: [UInt64]
    private let gateStart: [Int]
    private let maskWords: Int
    private let cueIndex: CueIndex
    /// `textFilters[r]` is recognizer `r`'s: checked before the recognizer is called at all.
    private let textFilters: [TextFilter]
    /// The labels ``LabelledValueRecognizer``s read; nil when there is none, and then a text's tables
    /// and fields are not looked for.
    private let labelKeys: Set<[UInt8]>?

    public init(recognizers: [any Recognizer], minimumScore: Double = 0.5, allowList: AllowList = AllowList(),
                maxInputBytes: Int = 4 << 20) {
        self.minimumScore = minimumScore
        self.allowList = allowList
        self.maxInputBytes = maxInputBytes
        var words: [String] = []
        var ids: [String: Int] = [:]
        let gates = recognizers.map { recognizer in
            recognizer.gates(minimumScore: minimumScore).map { gate in
                gate.map { word in
                    if let id = ids[word] { return id }
                    ids[word] = words.count
                    words.append(word)
                    return words.count - 1
                }
            }
        }
        for recognizer in recognizers {
            for word in recognizer.cueWords where ids[word] == nil {
                ids[word] = words.count
                words.append(word)
            }
        }
        let maskWords = (words.count + 63) / 64
        var masks: [UInt64] = []
        var starts = [0]
        for recognizerGates in gates {
            for gate in recognizerGates {
                var mask = [UInt64](repeating: 0, count: maskWords)
                for id in gate { mask[id >> 6] |= 1 << UInt64(id & 63) }
                masks += mask
            }
            starts.append(starts.last! + recognizerGates.count)
        }
        self.maskWords = maskWords
        gateMasks = masks
        gateStart = starts
        let index = CueIndex(words: words)
        cueIndex = index
        self.recognizers = recognizers.map { $0.resolvingCues(index.ids, minimumScore: minimumScore) }
        textFilters = self.recognizers.map(\.textFilter)
        let labelled = recognizers.compactMap { $0 as? LabelledValueRecognizer }
        labelKeys = labelled.isEmpty ? nil : labelled.reduce(into: Set<[UInt8]>()) { $0.formUnion($1.keys) }
        labelKeyHashes = Set((labelKeys ?? []).map(LabelledValue.keyHash))
        questions = LabelQuestions(labels: labelled.flatMap(\.labels))
        readsLabels = self.recognizers.map { $0 is LabelledValueRecognizer }
    }

    /// The labels questions are read for (``LabelQuestions``).
    private let questions: LabelQuestions

    /// The label a question asks for, when a text (a bot's turn) ends asking for one (请问您的姓名？):
    /// see ``LabelQuestions/requestedLabel(in:)``. The answer that follows is masked with it as its
    /// ``findings(in:fieldLabel:)`` label, so a reply that is only the value is read as one.
    public func requestedLabel(in text: String) -> String? {
        questions.requestedLabel(in: text)
    }

    /// Whether a recognizer reads values labelled `label` (``LabelledValueRecognizer``): then a text
    /// masked as the value of a field of that name may have findings it has not without the name.
    public func readsLabel(_ label: String) -> Bool {
        guard let labelKeys, labelKeyHashes.contains(LabelledValue.fieldKeyHash(label)) else { return false }
        return labelKeys.contains(LabelledValue.fieldKey(label))
    }

    /// `readsLabels[r]`: recognizer `r` reads labelled values only, so a text without any skips it.
    private let readsLabels: [Bool]

    /// ``LabelledValue/keyHash(_:)`` of every label key: most field names are ruled out by it alone.
    private let labelKeyHashes: Set<UInt64>

    /// Findings in `text`, non-overlapping and sorted by start offset. `fieldLabel` is the name of the
    /// field `text` is the value of, when it has one (a dataset record's `phone`, `id_number`): a
    /// recognizer that reads that label takes the whole text as its value.
    public func findings(in text: String, fieldLabel: String? = nil) throws(MaskingError) -> [Finding] {
        var candidates: [(finding: Finding, priority: Int)] = []
        try forEachCandidate(in: text, fieldLabel: fieldLabel) { finding, priority, allowed in
            if !allowed { candidates.append((finding, priority)) }
        }
        return PIIDetector.resolveOverlaps(candidates)
    }

    /// Every finding of every recognizer that scores at least ``minimumScore``, with the recognizer's
    /// priority and whether the allow-list lets the value through, before overlaps are resolved.
    private func forEachCandidate(in text: String, fieldLabel: String?,
                                  _ body: (Finding, Int, Bool) -> Void) throws(MaskingError) {
        guard text.utf8.count <= maxInputBytes else {
            throw .inputTooLarge(bytes: text.utf8.count, limit: maxInputBytes)
        }
        let normalized = NormalizedText(text, cueIndex: cueIndex, labelKeys: labelKeys,
                                        fieldLabel: fieldLabel.flatMap { readsLabel($0) ? $0 : nil })
        let present = (normalized.cues ?? cueIndex.occurrences(in: normalized.utf8)).present
        // Through buffers: indexing the arrays retained and released every recognizer, which on
        // short texts (a chat turn, a field of a training record) cost more than the matching.
        try recognizers.withUnsafeBufferPointer { (recognizers) throws(MaskingError) in
            try textFilters.withUnsafeBufferPointer { (filters) throws(MaskingError) in
                for number in 0..<recognizers.count {
                    guard filters[number].admits(normalized), gatesOpen(number, present: present),
                          !(readsLabels[number] && normalized.labelledValues.isEmpty) else { continue }
                    for finding in try recognizers[number].findings(in: normalized) where finding.score >= minimumScore {
                        var allowed = false
                        if allowList.covers(finding.type) {
                            allowed = try allowList.allows(normalized.string(scalars: finding.start..<finding.end), type: finding.type,
                                                           workspace: normalized.workspace)
                        }
                        body(finding, recognizers[number].priority, allowed)
                    }
                }
            }
        }
    }

    /// Why each value in `text` was masked or not, for a policy author (`hegui policy explain`): the
    /// findings kept, and every other match of every recognizer, scored down to 0, with what dropped
    /// it: a score below ``minimumScore``, the allow-list, or a longer or stronger finding over it.
    /// (A match a validator refused, or a name the name model scored below its own minimum, is not
    /// listed.)
    public func explanations(of text: String, fieldLabel: String? = nil) throws(MaskingError) -> [FindingExplanation] {
        let kept = try findings(in: text, fieldLabel: fieldLabel)
        let permissive = PIIDetector(recognizers: recognizers, minimumScore: 0, allowList: allowList, maxInputBytes: maxInputBytes)
        var explanations: [FindingExplanation] = []
        var seen: Set<String> = []
        try permissive.forEachCandidate(in: text, fieldLabel: fieldLabel) { finding, _, allowed in
            let key = "\(finding.recognizer) \(finding.start) \(finding.end)"
            guard seen.insert(key).inserted else { return }
            let outcome: FindingExplanation.Outcome
            if kept.contains(where: { $0.recognizer == finding.recognizer && $0.start == finding.start && $0.end == finding.end }) {
                outcome = .kept
            } else if allowed {
                outcome = .allowListed
            } else if finding.score < minimumScore {
                outcome = .belowMinimumScore(minimumScore)
            } else if let winner = kept.first(where: { $0.start < finding.end && finding.start < $0.end }) {
                outcome = .overlapped(by: winner)
            } else {
                outcome = .notTried
            }
            explanations.append(FindingExplanation(finding: finding, outcome: outcome))
        }
        for finding in kept where !explanations.contains(where: { $0.finding == finding }) {
            explanations.append(FindingExplanation(finding: finding, outcome: .kept))
        }
        return explanations.sorted { ($0.finding.start, $0.finding.end, $0.finding.recognizer) < ($1.finding.start, $1.finding.end, $1.finding.recognizer) }
    }

    /// Whether every gate of recognizer `number` has a word in the text.
    @inline(__always) private func gatesOpen(_ number: Int, present: [UInt64]) -> Bool {
        let first = gateStart[number], last = gateStart[number + 1]
        guard first < last else { return true }
        return gateMasks.withUnsafeBufferPointer { masks in
            present.withUnsafeBufferPointer { present in
                for gate in first..<last {
                    var open = false
                    for word in 0..<maskWords where masks[gate * maskWords + word] & present[word] != 0 {
                        open = true
                        break
                    }
                    if !open { return false }
                }
                return true
            }
        }
    }

    /// The longer span wins; on equal length the higher priority (a valid `CN_ID` over a `BANK_CARD`
    /// or `CN_USCC` that passes its checksum by chance), then the higher score, then the earlier
    /// start, then the recognizer id: the same input always gives the same output.
    static func resolveOverlaps(_ candidates: [(finding: Finding, priority: Int)]) -> [Finding] {
        guard candidates.count > 1 else { return candidates.map(\.finding) }
        // Indices are sorted, not the findings: moving a finding copies three strings.
        let order = candidates.indices.sorted { i, j in
            let a = candidates[i], b = candidates[j]
            if a.finding.length != b.finding.length { return a.finding.length > b.finding.length }
            if a.priority != b.priority { return a.priority > b.priority }
            if a.finding.score != b.finding.score { return a.finding.score > b.finding.score }
            if a.finding.start != b.finding.start { return a.finding.start < b.finding.start }
            return a.finding.recognizer < b.finding.recognizer
        }
        // Accepted spans never overlap, so kept sorted by start a binary search finds the only
        // neighbours a candidate could collide with: O(k log k) even for thousands of findings.
        var accepted: [(start: Int, end: Int, index: Int)] = []
        accepted.reserveCapacity(candidates.count)
        for index in order {
            let finding = candidates[index].finding
            var low = 0, high = accepted.count
            while low < high {
                let mid = (low + high) / 2
                if accepted[mid].start < finding.start { low = mid + 1 } else { high = mid }
            }
            if low > 0 && accepted[low - 1].end > finding.start { continue }
            if low < accepted.count && accepted[low].start < finding.end { continue }
            accepted.insert((finding.start, finding.end, index), at: low)
        }
        return accepted.map { candidates[$0.index].finding }
    }
}
