import Dispatch
import Foundation

/// Lines of text read from a pipe or standard input, for JSON-lines conversations between two
/// processes (`hegui bench gateway` and its load generator).
///
/// The reads block, so they run on a dispatch thread: Swift concurrency runs on the network threads
/// here (see ``HeguiEntry``), and a blocked one would stall the server it serves.
struct LineChannel {
    private var lines: AsyncStream<String>.Iterator

    init(reading handle: FileHandle) {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        lines = stream.makeAsyncIterator()
        DispatchQueue.global().async {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            continuation.finish()
        }
    }

    /// The next line without its newline; nil once the other side has closed.
    mutating func nextLine() async -> String? { await lines.next() }

    /// Writes `value` as one line of JSON.
    static func write<Value: Encodable>(_ value: Value, to handle: FileHandle) throws {
        var line = try JSONEncoder().encode(value)
        line.append(0x0A)
        try handle.write(contentsOf: line)
    }
}
