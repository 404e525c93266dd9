/// Why a record is not valid JSON, with the byte offset where reading stopped.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Offset of the offending byte from the start of the record.
    public var offset: Int
    public var problem: String

    public init(offset: Int, problem: String) {
        self.offset = offset
        self.problem = problem
    }

    /// The ``problem`` of a string that is not valid UTF-8 (``offset`` is its first bad byte).
    public static let invalidUTF8Problem = "invalid UTF-8 in string"

    public var description: String { "invalid JSON at byte \(offset): \(problem)" }
}
