import Foundation

/// The canonical byte form of an entry: UTF-8 JSON, keys sorted, no insignificant whitespace,
/// slashes not escaped, integers only (no floats whose formatting could vary).
enum CanonicalJSON {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

extension AuditEntry {
    /// The exact bytes that become the Merkle leaf.
    public func canonicalJSON() throws -> Data { try CanonicalJSON.encode(self) }
}
