/// Runs a set of recognizers over a text, drops findings below the minimum score or on the allow-list,
/// and resolves overlapping findings deterministically.
public struct PIIDetector: Sendable {
    public let recognizers: [any Recognizer]
    /// Findings scoring below this (after context adjustments) are dropped.
    public let minimumScore: Double
    public let allowList: AllowList
    /// Texts above this size are refused with ``MaskingError/inputTooLarge(bytes:limit:)``.
    public let maxInputBytes: Int

    public init(recognizers: [any Recognizer], minimumScore: Double = 0.5, allowList: AllowList = AllowList(),
                maxInputBytes: Int = 4 << 20) {
        self.recognizers = recognizers
        self.minimumScore = minimumScore
        self.allowList = allowList
        self.maxInputBytes = maxInputBytes
    }

    /// Findings in `text`, non-overlapping and sorted by start offset.
    public func findings(in text: String) throws(MaskingError) -> [Finding] {
        guard text.utf8.count <= maxInputBytes else {
            throw .inputTooLarge(bytes: text.utf8.count, limit: maxInputBytes)
        }
        let normalized = NormalizedText(text)
        var candidates: [(finding: Finding, priority: Int)] = []
        for recognizer in recognizers {
            for finding in try recognizer.findings(in: normalized) where finding.score >= minimumScore {
                if allowList.covers(finding.type),
                   try allowList.allows(normalized.string(scalars: finding.start..<finding.end), type: finding.type) {
                    continue
                }
                candidates.append((finding, recognizer.priority))
            }
        }
        return PIIDetector.resolveOverlaps(candidates)
    }

    /// Higher priority wins, then the longer span, then the higher score, then the earlier start,
    /// then the recognizer id: the same input always gives the same output.
    static func resolveOverlaps(_ candidates: [(finding: Finding, priority: Int)]) -> [Finding] {
        guard candidates.count > 1 else { return candidates.map(\.finding) }
        let ordered = candidates.sorted { a, b in
            if a.priority != b.priority { return a.priority > b.priority }
            if a.finding.length != b.finding.length { return a.finding.length > b.finding.length }
            if a.finding.score != b.finding.score { return a.finding.score > b.finding.score }
            if a.finding.start != b.finding.start { return a.finding.start < b.finding.start }
            return a.finding.recognizer < b.finding.recognizer
        }
        var accepted: [Finding] = []
        for candidate in ordered where !accepted.contains(where: { $0.overlaps(candidate.finding) }) {
            accepted.append(candidate.finding)
        }
        return accepted.sorted { $0.start < $1.start }
    }
}
