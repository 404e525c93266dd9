import Foundation

/// Writes the canonical byte form of audit entries (documented in `Audit/README.md`):
///
/// - UTF-8, no byte-order mark, no insignificant whitespace;
/// - object keys sorted by their UTF-8 bytes;
/// - strings escape only `"` `\` and U+0000–U+001F (`\b \f \n \r \t`, otherwise `\u00XX`
///   with lower-case hex); `/` and every non-ASCII character are written as they are;
/// - numbers are integers in shortest decimal form; absent optionals are `null`.
///
/// The same entry always gives the same bytes, in any process, on any platform: the bytes are the
/// Merkle leaf, so they must never depend on an encoder's implementation details.
struct CanonicalJSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    mutating func string(_ value: String) {
        bytes.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            // Runs without anything to escape are copied whole: masked exchanges hold line feeds.
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x08: bytes.append(contentsOf: [0x5C, 0x62])
                case 0x0C: bytes.append(contentsOf: [0x5C, 0x66])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(0x22)
    }

    /// Drops what was written so far (used to split the output around one value).
    mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    mutating func integer(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }
    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    mutating func array(_ values: [String]) {
        bytes.append(0x5B)
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            string(value)
        }
        bytes.append(0x5D)
    }

    /// An object whose members are written by `members`, which must be called in sorted key order.
    mutating func object(_ members: (inout ObjectWriter) -> Void) {
        var writer = ObjectWriter(taking: &self)
        members(&writer)
        writer.finish(into: &self)
    }

    /// A string-to-integer map with sorted keys.
    mutating func integerMap(_ map: [String: Int]) {
        object { writer in
            for key in map.keys.sorted(by: CanonicalJSONWriter.utf8Order) { writer.member(key) { $0.integer(map[key]!) } }
        }
    }

    /// A string-to-string map with sorted keys.
    mutating func stringMap(_ map: [String: String]) {
        object { writer in
            for key in map.keys.sorted(by: CanonicalJSONWriter.utf8Order) { writer.member(key) { $0.string(map[key]!) } }
        }
    }

    static func utf8Order(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    struct ObjectWriter {
        var inner: CanonicalJSONWriter
        var first = true
        var lastKey: String? = nil

        /// Takes the parent's buffer (leaving it empty until ``finish(into:)``), so writing a nested
        /// object never copies what was written before it.
        init(taking parent: inout CanonicalJSONWriter) {
            inner = CanonicalJSONWriter()
            swap(&inner, &parent)
            inner.bytes.append(0x7B)
        }

        mutating func member(_ key: String, _ value: (inout CanonicalJSONWriter) -> Void) {
            precondition(lastKey.map { CanonicalJSONWriter.utf8Order($0, key) } ?? true, "canonical keys must be written in order: \(key)")
            lastKey = key
            if !first { inner.bytes.append(0x2C) }
            first = false
            inner.string(key)
            inner.bytes.append(0x3A)
            value(&inner)
        }

        /// Closes the object and hands the buffer back to `parent`.
        mutating func finish(into parent: inout CanonicalJSONWriter) {
            inner.bytes.append(0x7D)
            swap(&inner, &parent)
        }
    }
}

extension AuditEntry {
    /// The exact bytes that become the Merkle leaf.
    public func canonicalJSON() -> Data {
        let parts = canonicalParts()
        return Data(parts.head + Array(String(sequence).utf8) + parts.tail)
    }

    /// The canonical bytes before and after the value of `sequence`. The sequence number is known
    /// only to the log's writer, so callers encode everything else in parallel and the writer
    /// splices the number in: `head + digits + tail` is exactly ``canonicalJSON()``.
    public func canonicalParts() -> (head: [UInt8], tail: [UInt8]) {
        var writer = CanonicalJSONWriter()
        var head: [UInt8] = []
        writer.object { o in
            o.member("adapter") { w in adapter.map { w.string($0) } ?? w.null() }
            o.member("backend") { $0.string(backend) }
            o.member("cited_clauses") { $0.array(citedClauses) }
            o.member("details") { $0.stringMap(details) }
            o.member("finding_counts") { $0.integerMap(findingCounts) }
            o.member("id") { $0.string(id) }
            o.member("index_version") { w in indexVersion.map { w.integer($0) } ?? w.null() }
            o.member("kind") { $0.string(kind) }
            o.member("latency_us") { $0.integerMap(latencyMicros) }
            o.member("masked_input") { $0.string(maskedInput) }
            o.member("masked_output") { $0.string(maskedOutput) }
            o.member("policy_digest") { w in policyDigest.map { w.string($0) } ?? w.null() }
            o.member("principal") { $0.string(principal) }
            o.member("reasons") { $0.array(reasons) }
            o.member("retrieved_clauses") { $0.array(retrievedClauses) }
            o.member("route") { $0.string(route) }
            o.member("schema") { $0.integer(schema) }
            o.member("sequence") { w in head = w.bytes; w.clear() }
            o.member("time") { $0.string(time) }
            o.member("verdict") { $0.string(verdict) }
        }
        return (head, writer.bytes)
    }
}
