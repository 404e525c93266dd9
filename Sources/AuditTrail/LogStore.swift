import Foundation

/// An entry as stored: the entry, the exact leaf bytes, and the RFC 6962 leaf hash.
public struct StoredEntry: Sendable, Equatable {
    public var entry: AuditEntry
    public var leaf: Data
    public var leafHash: Data
}

/// Append-only storage for the audit log. SQLite is the first implementation; PostgreSQL can slot in
/// behind the same protocol.
public protocol LogStore: Sendable {
    /// Appends `entry`, assigning its sequence number (and an id if it has none). Returns only when
    /// the entry is durable; throws if it is not, and the caller must then refuse the request.
    func append(_ entry: AuditEntry) async throws -> AuditEntry
    /// The entry with the given id, if any.
    func entry(id: String) async throws -> StoredEntry?
    /// Number of entries, which is the Merkle tree size.
    func count() async throws -> Int
    /// The RFC 6962 root hash over every entry.
    func rootHash() async throws -> Data
}
