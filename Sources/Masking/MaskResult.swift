/// The outcome of masking one text.
public struct MaskResult: Sendable, Equatable {
    /// The text with every finding replaced by its tag.
    public var masked: String
    /// What was found, with offsets into the original text.
    public var findings: [Finding]

    public init(masked: String, findings: [Finding]) {
        self.masked = masked
        self.findings = findings
    }

    /// Number of findings per entity type, e.g. `["CN_ID": 1, "PHONE": 2]`.
    public var countsByType: [String: Int] {
        findings.reduce(into: [:]) { $0[$1.type.rawValue, default: 0] += 1 }
    }
}
