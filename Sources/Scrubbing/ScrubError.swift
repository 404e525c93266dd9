/// Why a scrub job cannot start or continue. Problems with single records never stop a job: they
/// go to the rejects file.
public enum ScrubError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(String)
    case notAnArray(found: UInt8)
    case sameFile(String)
    case undetectableLayout(keys: [String])
    case noAssistantTurns(DatasetLayout)
    case noRecordToDetect
    case resumeMismatch(String)
    case write(path: String, problem: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path): "cannot open \(path) for reading"
        case let .notAnArray(found): "the input starts like a JSON array but byte 0x\(String(found, radix: 16)) came before '['"
        case let .sameFile(path): "the output \(path) is the input file; scrubbing never writes over its input"
        case let .undetectableLayout(keys):
            "cannot tell the dataset layout from the first record's keys [\(keys.joined(separator: ", "))]; pass --format \(DatasetLayout.names.joined(separator: "|")) or --fields a,b.c"
        case let .noAssistantTurns(layout): "--check-answers needs assistant turns, which layout \(layout) does not have"
        case .noRecordToDetect: "no valid record to detect the layout from; pass --format"
        case let .resumeMismatch(problem): "cannot resume: \(problem); run again without --resume to start over"
        case let .write(path, problem): "cannot write \(path): \(problem)"
        }
    }
}
