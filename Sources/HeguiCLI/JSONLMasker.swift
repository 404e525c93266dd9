import Dispatch
import Foundation
import Masking
import Scrubbing
import Synchronization

/// `hegui mask --jsonl`: reads JSON lines in batches, masks each batch across every core, and writes
/// the results in input order. Memory is bounded by one batch whatever the input size.
struct JSONLMasker {
    /// One per worker, sharing nothing (see `MaskingPolicy.replica()`).
    let maskers: [Masker]
    let batchSize: Int

    /// Masks everything from `input` to `output`; returns the number of records that failed (each
    /// gets an `error` line instead of a `masked` one: nothing unmasked is ever written).
    func run(input: FileHandle, output: FileHandle) throws -> Int {
        var reader = LineReader(handle: input)
        var failed = 0
        var lineNumber = 0
        while true {
            var lines: [Data] = []
            while lines.count < batchSize, let line = reader.next() { lines.append(line) }
            if lines.isEmpty { break }
            let first = lineNumber + 1
            lineNumber += lines.count
            let results = OrderedSlots<(line: String, failed: Bool)>(count: lines.count)
            let batch = lines
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: maskers.count) { worker in
                let masker = maskers[worker]   // once per worker, not copied per line
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < batch.count else { return }
                    results.set(index, maskLine(batch[index], number: first + index, with: masker))
                }
            }
            var chunk = Data()
            for result in results.values {
                if result.failed { failed += 1 }
                chunk.append(contentsOf: result.line.utf8)
                chunk.append(0x0A)
            }
            output.write(chunk)
        }
        return failed
    }

    /// One output line for one input line.
    func maskLine(_ data: Data, number: Int, with masker: Masker) -> (line: String, failed: Bool) {
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            return ("{\"line\":\(number),\"error\":\"empty line\"}", true)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any] else {
            return ("{\"line\":\(number),\"error\":\"not a JSON object; expected {\\\"id\\\": …, \\\"text\\\": \\\"…\\\"}\"}", true)
        }
        let id = (object["id"]).flatMap { value -> String? in
            guard let encoded = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else { return nil }
            return String(decoding: encoded, as: UTF8.self)
        } ?? "null"
        guard let text = object["text"] as? String else {
            return ("{\"id\":\(id),\"line\":\(number),\"error\":\"missing string field text\"}", true)
        }
        do {
            let result = try masker.mask(text)
            let findings = result.findings.map { finding in
                "{\"type\":\(JSONText.quoted(finding.type.rawValue)),\"start\":\(finding.start),\"end\":\(finding.end),\"score\":\(JSONText.number(finding.score)),\"recognizer\":\(JSONText.quoted(finding.recognizer)),\"reason\":\(JSONText.quoted(finding.reason))}"
            }
            return ("{\"id\":\(id),\"masked\":\(JSONText.quoted(result.masked)),\"findings\":[\(findings.joined(separator: ","))]}", false)
        } catch {
            return ("{\"id\":\(id),\"line\":\(number),\"error\":\(JSONText.quoted(error.description))}", true)
        }
    }
}

/// Splits a file handle into lines (without the newline), reading 1 MiB at a time.
struct LineReader {
    let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false

    init(handle: FileHandle) { self.handle = handle }

    mutating func next() -> Data? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = Data(buffer[position..<newline])
                position = newline + 1
                return line
            }
            if finished {
                guard position < buffer.count else { return nil }
                defer { position = buffer.count }
                return Data(buffer[position...])
            }
            buffer.removeFirst(position)   // keep only the unfinished line, then read more
            position = 0
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { finished = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
