/// A problem in a policy file, located by file, line and column so the author can go straight to it.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem concerns the file or folder as a whole.
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int = 0, column: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}

/// Every problem found while loading a policy folder (loading goes on after the first, so one lint
/// run lists them all).
public struct PolicyErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [PolicyError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
