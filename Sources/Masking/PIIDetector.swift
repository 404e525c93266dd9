/// Runs a set of recognizers over a text and resolves overlapping findings deterministically.
public struct PIIDetector: Sendable {
    public let recognizers: [any Recognizer]
    /// Texts above this size are refused with ``MaskingError/inputTooLarge(bytes:limit:)``.
    public let maxInputBytes: Int

    public init(recognizers: [any Recognizer], maxInputBytes: Int = 4 << 20) {
        self.recognizers = recognizers
        self.maxInputBytes = maxInputBytes
    }

    /// A detector with the built-in recognizers.
    public static func builtIn() throws(MaskingError) -> PIIDetector {
        PIIDetector(recognizers: try BuiltInRecognizers.all())
    }

    /// Findings in `text`, non-overlapping and sorted by start offset.
    public func findings(in text: String) throws(MaskingError) -> [Finding] {
        guard text.utf8.count <= maxInputBytes else {
            throw .inputTooLarge(bytes: text.utf8.count, limit: maxInputBytes)
        }
        let normalized = NormalizedText(text)
        var candidates: [(finding: Finding, priority: Int)] = []
        for recognizer in recognizers {
            for finding in try recognizer.findings(in: normalized) {
                candidates.append((finding, recognizer.priority))
            }
        }
        return PIIDetector.resolveOverlaps(candidates)
    }

    /// Higher priority wins, then the longer span, then the higher score, then the earlier start,
    /// then the recognizer id: the same input always gives the same output.
    static func resolveOverlaps(_ candidates: [(finding: Finding, priority: Int)]) -> [Finding] {
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
