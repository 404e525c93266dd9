import Crypto
import Foundation

/// How records are laid out in the file.
public enum ContainerFormat: String, Sendable, Codable {
    /// One JSON value per line.
    case jsonLines = "jsonl"
    /// One JSON array of values.
    case jsonArray = "json"
}

/// A stretch of the input: bytes to copy verbatim (`leading`), then maybe one record.
public struct InputPiece: Sendable {
    /// Bytes before the record, copied as they are: nothing or blank lines in JSON lines; `[`, `,`
    /// and whitespace in an array; the closing `]` in an array's last piece.
    public var leading: Data
    /// The record's bytes (without its newline); nil for a piece that is only `leading`.
    public var record: Data?
    /// Newline after the record in JSON lines (empty on a last line without one).
    public var terminator: Data
    /// 1-based line where the record starts.
    public var line: Int
    /// Why the record cannot even be read (too long, cut off); it goes to the rejects.
    public var readError: String?
    /// Input offset just after this piece: where a resumed run starts reading.
    public var endOffset: UInt64
}

/// Streams records out of a JSON-lines file or a top-level JSON array with bounded memory: one
/// read chunk plus the record being assembled, and never more than `maximumRecordBytes` of it.
public struct RecordReader {
    /// Where the scanner stands; saved with a resumable run.
    public enum Position: String, Sendable, Codable {
        /// Nothing read yet (an array's `[` is still ahead).
        case start
        /// Between two records.
        case between
        /// After an array's closing bracket or the end of input.
        case finished
    }

    public let format: ContainerFormat
    public let maximumRecordBytes: Int
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var endOfInput = false
    private var offset: UInt64
    private var line: Int
    public private(set) var state: Position
    /// The line number the next piece starts on.
    public var currentLine: Int { line }
    /// SHA-256 of every byte read from the handle, when set.
    public var hasher: SHA256?

    /// - Parameters:
    ///   - offset: where `handle` currently stands (0, or a resumed run's saved offset).
    ///   - line: the line number at `offset`.
    public init(handle: FileHandle, format: ContainerFormat, maximumRecordBytes: Int, offset: UInt64 = 0, line: Int = 1, state: Position = .start) {
        self.handle = handle
        self.format = format
        self.maximumRecordBytes = maximumRecordBytes
        self.offset = offset
        self.line = line
        self.state = state
    }

    /// The container format of the file at `path`, judged from its first non-blank byte.
    public static func sniff(path: String) throws -> ContainerFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ScrubError.cannotOpen(path) }
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 4096) ?? Data()
        let first = head.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        return first == UInt8(ascii: "[") ? .jsonArray : .jsonLines
    }

    /// The next piece, or nil at the end of input.
    public mutating func next() throws -> InputPiece? {
        switch format {
        case .jsonLines: return try nextLine()
        case .jsonArray: return try nextElement()
        }
    }

    // MARK: Buffer

    /// Reads another chunk; false at end of input.
    private mutating func fill() throws -> Bool {
        if endOfInput { return false }
        if position > 0 && position >= buffer.count / 2 {
            buffer.removeFirst(position)
            position = 0
        }
        guard let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty else {
            endOfInput = true
            return false
        }
        hasher?.update(data: chunk)
        buffer.append(contentsOf: chunk)
        return true
    }

    private mutating func take(_ count: Int) -> Data {
        let data = Data(buffer[position..<(position + count)])
        position += count
        offset += UInt64(count)
        return data
    }

    private mutating func drop(_ count: Int) {
        position += count
        offset += UInt64(count)
    }

    // MARK: JSON lines

    private mutating func nextLine() throws -> InputPiece? {
        var leading = Data()
        while true {
            var scanned = 0
            var newline: Int?
            while newline == nil {
                if let found = buffer[(position + scanned)...].firstIndex(of: 0x0A) {
                    newline = found - position
                    break
                }
                scanned = buffer.count - position
                if scanned > maximumRecordBytes { return try skipLongLine(leading: leading) }
                if try !fill() { break }
            }
            let length = newline ?? (buffer.count - position)
            if length == 0 && newline == nil {
                state = .finished
                return leading.isEmpty ? nil : InputPiece(leading: leading, record: nil, terminator: Data(), line: line, readError: nil, endOffset: offset)
            }
            let isBlank = buffer[position..<(position + length)].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if isBlank {
                leading.append(take(length + (newline == nil ? 0 : 1)))
                line += 1
                if leading.count > maximumRecordBytes {
                    return InputPiece(leading: leading, record: nil, terminator: Data(), line: line, readError: nil, endOffset: offset)
                }
                continue
            }
            let record = take(length)
            let terminator = newline == nil ? Data() : take(1)
            let piece = InputPiece(leading: leading, record: record, terminator: terminator, line: line, readError: nil, endOffset: offset)
            line += 1
            state = .between
            return piece
        }
    }

    /// A line longer than the limit: skipped to its newline without being held in memory.
    private mutating func skipLongLine(leading: Data) throws -> InputPiece {
        let startLine = line
        var skipped = 0
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                skipped += newline - position
                drop(newline - position + 1)
                break
            }
            skipped += buffer.count - position
            drop(buffer.count - position)
            if try !fill() { break }
        }
        line += 1
        return InputPiece(leading: leading, record: nil, terminator: Data(), line: startLine,
                          readError: "record of \(skipped) bytes is longer than the limit of \(maximumRecordBytes) bytes (--max-record-bytes)",
                          endOffset: offset)
    }

    // MARK: JSON array

    private mutating func nextElement() throws -> InputPiece? {
        if state == .finished { return nil }
        var leading = Data()
        // Leading bytes: whitespace, then '[' (at the start) or ',' / ']' (between elements).
        while true {
            if position >= buffer.count, try !fill() {
                let wasStarted = state == .between
                state = .finished
                if !wasStarted && leading.isEmpty { return nil }
                return InputPiece(leading: leading + Data("\n]".utf8), record: nil, terminator: Data(), line: line,
                                  readError: "input ended inside the JSON array (missing ']'); the output was closed with one", endOffset: offset)
            }
            let byte = buffer[position]
            switch byte {
            case 0x20, 0x09, 0x0D, 0xEF, 0xBB, 0xBF:
                leading.append(take(1))
            case 0x0A:
                leading.append(take(1))
                line += 1
            case UInt8(ascii: "[") where expectingOpen:
                leading.append(take(1))
                expectingOpen = false
                state = .between
            case UInt8(ascii: ",") where !expectingOpen:
                leading.append(take(1))
            case UInt8(ascii: "]") where !expectingOpen:
                leading.append(take(1))
                return try finishArray(leading: leading)
            default:
                if expectingOpen {
                    throw ScrubError.notAnArray(found: byte)
                }
                return try element(leading: leading)
            }
        }
    }

    private var expectingOpen: Bool {
        get { state == .start }
        set { if !newValue { state = .between } }
    }

    /// After `]`: trailing whitespace is kept, anything else is reported.
    private mutating func finishArray(leading: Data) throws -> InputPiece {
        var tail = leading
        var trailingGarbage = false
        while true {
            if position >= buffer.count, try !fill() { break }
            let byte = buffer[position]
            if [0x20, 0x09, 0x0A, 0x0D].contains(byte) {
                if byte == 0x0A { line += 1 }
                tail.append(take(1))
            } else {
                trailingGarbage = true
                drop(buffer.count - position)
            }
        }
        state = .finished
        return InputPiece(leading: tail, record: nil, terminator: Data(), line: line,
                          readError: trailingGarbage ? "data after the closing ']' of the JSON array was ignored" : nil, endOffset: offset)
    }

    /// One array element: scanned to its end at depth 0 (strings and escapes respected).
    private mutating func element(leading: Data) throws -> InputPiece {
        let startLine = line
        var length = 0
        var depth = 0
        var inString = false
        var escaped = false
        var oversized = false
        scan: while true {
            if position + length >= buffer.count {
                if oversized || length > maximumRecordBytes {
                    oversized = true
                    drop(length)
                    length = 0
                }
                if try !fill() { break scan }
                continue
            }
            let byte = buffer[position + length]
            if byte == 0x0A { line += 1 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { break scan }
                    depth -= 1
                case UInt8(ascii: ","):
                    if depth == 0 { break scan }
                default: break
                }
            }
            length += 1
        }
        // Trailing whitespace belongs to the next piece's leading bytes.
        var end = length
        while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(buffer[position + end - 1]) {
            if buffer[position + end - 1] == 0x0A { line -= 1 }
            end -= 1
        }
        if oversized {
            drop(end)
            return InputPiece(leading: leading, record: nil, terminator: Data(), line: startLine,
                              readError: "record is longer than the limit of \(maximumRecordBytes) bytes (--max-record-bytes)", endOffset: offset)
        }
        let record = take(end)
        return InputPiece(leading: leading, record: record, terminator: Data(), line: startLine, readError: nil, endOffset: offset)
    }
}
