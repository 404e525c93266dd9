/// Errors from the audit log. Each says what is wrong and what to do.
public enum AuditLogError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingNode(level: Int, index: Int)
    case unknownEntry(String)
    case noSigner
    case sizeOutOfRange(requested: Int, size: Int)
    case noCheckpoint(size: Int)

    public var description: String {
        switch self {
        case let .missingNode(level, index):
            return "the store lacks the hash of subtree (level \(level), index \(index)); run 'hegui audit verify'"
        case let .unknownEntry(id): return "no audit entry with id \(id)"
        case .noSigner: return "no signer key is loaded, so no checkpoint can be signed; run 'hegui keys generate'"
        case let .sizeOutOfRange(requested, size): return "tree size \(requested) is out of range: the log has \(size) entries"
        case let .noCheckpoint(size): return "no stored checkpoint has tree size \(size); 'hegui audit checkpoints' lists them"
        }
    }
}
