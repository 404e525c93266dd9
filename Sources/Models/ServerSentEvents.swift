/// Splits a `text/event-stream` body into the `data:` payloads of its events, across chunk
/// boundaries (lines may arrive cut anywhere, even inside a UTF-8 sequence).
public struct ServerSentEventParser: Sendable {
    private var pending: [UInt8] = []
    private var data: [String] = []

    public init() {}

    /// Feeds bytes; returns the data of every event completed by them.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        pending.append(contentsOf: bytes)
        var events: [String] = []
        var lineStart = 0
        var index = 0
        while index < pending.count {
            guard pending[index] == 0x0A else { index += 1; continue }
            var lineEnd = index
            if lineEnd > lineStart, pending[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = String(decoding: pending[lineStart..<lineEnd], as: UTF8.self)
            if line.isEmpty {
                if !data.isEmpty { events.append(data.joined(separator: "\n")) }
                data.removeAll()
            } else if line.hasPrefix("data:") {
                var value = line.dropFirst(5)
                if value.first == " " { value = value.dropFirst() }
                data.append(String(value))
            }
            lineStart = index + 1
            index += 1
        }
        pending.removeFirst(lineStart)
        return events
    }
}
