import Foundation

/// An entry as stored: the entry, the exact leaf bytes, and the RFC 6962 leaf hash.
public struct StoredEntry: Sendable, Equatable {
    public var entry: AuditEntry
    public var leaf: Data
    public var leafHash: Data

    public init(entry: AuditEntry, leaf: Data, leafHash: Data) {
        self.entry = entry
        self.leaf = leaf
        self.leafHash = leafHash
    }
}

/// An entry encoded by its caller, waiting for its sequence number: the writer splices the number
/// between `head` and `tail` to get the leaf (see ``AuditEntry/canonicalParts()``).
public struct PreparedEntry: Sendable {
    public var entry: AuditEntry
    public var head: [UInt8]
    public var tail: [UInt8]

    /// Encodes `entry`, giving it a fresh id if it has none.
    public init(_ entry: AuditEntry) {
        var entry = entry
        if entry.id.isEmpty { entry.id = EntryID.random() }
        let parts = entry.canonicalParts()
        self.entry = entry
        self.head = parts.head
        self.tail = parts.tail
    }

    /// The leaf for sequence number `sequence`.
    public func leaf(sequence: Int) -> Data { Data(head + Array(String(sequence).utf8) + tail) }
}

/// A signed checkpoint as stored.
public struct StoredCheckpoint: Sendable, Equatable {
    public var size: Int
    public var rootHash: Data
    /// The full signed note text.
    public var note: String
    public var createdAt: String

    public init(size: Int, rootHash: Data, note: String, createdAt: String) {
        self.size = size
        self.rootHash = rootHash
        self.note = note
        self.createdAt = createdAt
    }
}

/// A raw row for verification: what the store holds, without trusting any of it.
public struct RawEntryRow: Sendable {
    public var sequence: Int
    public var id: String
    public var leaf: Data
    public var leafHash: Data
}

/// Append-only storage for the audit log: entries, the hashes of every complete subtree of the
/// Merkle tree over them, and signed checkpoints. SQLite is the first implementation; PostgreSQL
/// can slot in behind the same protocol. Implementations never update or delete.
public protocol LogStore: Sendable {
    /// Appends `entries` in one durable transaction (one fsync), assigning consecutive sequence
    /// numbers from the current size, and stores the leaf hashes and completed subtree hashes.
    /// Returns only once the transaction is on disk.
    func appendBatch(_ entries: [PreparedEntry]) async throws -> [AuditEntry]
    /// Number of entries (= Merkle tree size).
    func size() throws -> Int
    func entry(id: String) throws -> StoredEntry?
    func entry(sequence: Int) throws -> StoredEntry?
    /// Hashes of complete subtrees, level 0 being leaf hashes, in the order asked.
    func nodeHashes(_ coordinates: [(level: Int, index: Int)]) throws -> [Data]
    /// Stores a checkpoint; a checkpoint of the same size already stored is kept and returned.
    /// Async: the write waits for its fsync without holding the caller's thread.
    func addCheckpoint(_ checkpoint: StoredCheckpoint) async throws -> StoredCheckpoint
    func latestCheckpoint() throws -> StoredCheckpoint?
    func checkpoint(size: Int) throws -> StoredCheckpoint?
    /// Every checkpoint, smallest size first.
    func checkpoints() throws -> [StoredCheckpoint]
    /// Entries matching `query`, in sequence order.
    func query(_ query: AuditQuery) async throws -> [StoredEntry]
    /// Every entry row in sequence order, for verification.
    func scanEntries(_ body: (RawEntryRow) throws -> Void) throws
    /// Every stored interior node (level ≥ 1) of `level`, in index order, for verification.
    func scanNodes(level: Int, _ body: (Int, Data) throws -> Void) throws
}
