/// Replaces personal information with numbered type tags.
public struct Masker: Sendable {
    public let detector: PIIDetector

    public init(detector: PIIDetector) { self.detector = detector }

    /// A masker with the built-in recognizers.
    public static func builtIn() throws(MaskingError) -> Masker { Masker(detector: try .builtIn()) }

    /// Masks `text`, numbering tags through `session` so values repeat consistently across the
    /// messages of one conversation. Throws rather than return anything partially masked.
    public func mask(_ text: String, session: inout MaskingSession) throws(MaskingError) -> MaskResult {
        let findings = try detector.findings(in: text)
        guard !findings.isEmpty else { return MaskResult(masked: text, findings: []) }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var cursor = 0
        for finding in findings {
            output.append(contentsOf: scalars[cursor..<finding.start])
            let raw = String(String.UnicodeScalarView(scalars[finding.start..<finding.end]))
            let canonical = Masker.canonicalValue(raw)
            output.append(contentsOf: session.tag(for: canonical, type: finding.type).unicodeScalars)
            cursor = finding.end
        }
        output.append(contentsOf: scalars[cursor...])
        return MaskResult(masked: String(output), findings: findings)
    }

    /// Masks one standalone text with a fresh session.
    public func mask(_ text: String) throws(MaskingError) -> MaskResult {
        var session = MaskingSession()
        return try mask(text, session: &session)
    }

    /// The value a tag stands for, independent of how it was written: folded to ASCII, separators
    /// dropped, letters upper-cased (so `138 1234 5678` and `13812345678` share a tag).
    static func canonicalValue(_ raw: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            let folded = NormalizedText.fold(scalar)
            if folded == " " || folded == "-" { continue }
            result.append(folded)
        }
        return String(result).uppercased()
    }
}
