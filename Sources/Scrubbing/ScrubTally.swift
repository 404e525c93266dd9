/// Running counts of a scrub job; saved with a resumable run so the report covers the whole input.
public struct ScrubTally: Sendable, Codable, Equatable {
    public static let maximumExamples = 5

    public var recordsIn = 0
    public var recordsOut = 0
    public var quarantined = 0
    public var rejected = 0
    /// Findings per entity type, e.g. `{"PHONE": 12}`.
    public var findingsByType: [String: Int] = [:]
    /// Findings per field path and entity type, e.g. `{"messages[].content": {"PHONE": 12}}`.
    public var findingsByField: [String: [String: Int]] = [:]
    /// A few masked strings that had findings (masked form only, never the original).
    public var examples: [String] = []

    public init() {}

    /// Counts one record's outcome: in, and out, quarantined or rejected, with its findings.
    public mutating func count(_ outcome: RecordOutcome) {
        recordsIn += 1
        switch outcome {
        case let .scrubbed(_, facts):
            recordsOut += 1
            add(facts)
        case let .quarantined(_, facts, _):
            quarantined += 1
            add(facts)
        case .rejected:
            rejected += 1
        }
    }

    mutating func add(_ facts: ScrubbedRecordFacts) {
        for entry in facts.findings {
            findingsByType[entry.type.rawValue, default: 0] += entry.count
            findingsByField[entry.field, default: [:]][entry.type.rawValue, default: 0] += entry.count
        }
        if let example = facts.example, examples.count < ScrubTally.maximumExamples { examples.append(example) }
    }

    enum CodingKeys: String, CodingKey {
        case recordsIn = "records_in", recordsOut = "records_out", quarantined, rejected
        case findingsByType = "findings_by_type", findingsByField = "findings_by_field", examples
    }
}
