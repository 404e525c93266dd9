import Foundation
import GRDB

/// The audit log in one SQLite file, WAL mode, `synchronous = FULL` so a commit is on disk before
/// `append` returns. Triggers refuse every UPDATE and DELETE: the service never rewrites history.
public final class SQLiteLogStore: LogStore {
    private let database: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        database = try DatabasePool(path: path, configuration: configuration)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS entries (
                    sequence INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time TEXT NOT NULL,
                    leaf BLOB NOT NULL, leaf_hash BLOB NOT NULL);
                CREATE TRIGGER IF NOT EXISTS entries_never_update BEFORE UPDATE ON entries
                    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                CREATE TRIGGER IF NOT EXISTS entries_never_delete BEFORE DELETE ON entries
                    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                """)
        }
    }

    public func append(_ entry: AuditEntry) async throws -> AuditEntry {
        var entry = entry
        if entry.id.isEmpty { entry.id = UUID().uuidString.lowercased() }
        let prepared = entry
        return try await database.write { db in
            var stored = prepared
            stored.sequence = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence) + 1, 0) FROM entries") ?? 0
            let leaf = try stored.canonicalJSON()
            try db.execute(sql: "INSERT INTO entries (sequence, id, time, leaf, leaf_hash) VALUES (?, ?, ?, ?, ?)",
                           arguments: [stored.sequence, stored.id, stored.time, leaf, MerkleHash.leaf(leaf)])
            return stored
        }
    }

    public func entry(id: String) async throws -> StoredEntry? {
        try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT leaf, leaf_hash FROM entries WHERE id = ?", arguments: [id]) else {
                return nil
            }
            let leaf: Data = row["leaf"]
            let entry = try JSONDecoder().decode(AuditEntry.self, from: leaf)
            return StoredEntry(entry: entry, leaf: leaf, leafHash: row["leaf_hash"])
        }
    }

    public func count() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entries") ?? 0 }
    }

    public func rootHash() async throws -> Data {
        let hashes = try await database.read { db in
            try Data.fetchAll(db, sql: "SELECT leaf_hash FROM entries ORDER BY sequence")
        }
        return MerkleHash.root(ofLeafHashes: hashes[...])
    }
}
