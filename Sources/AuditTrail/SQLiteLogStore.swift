import Foundation
import GRDB
import Synchronization

/// The audit log in one SQLite file: WAL mode, `synchronous = FULL` (a commit is on disk before it
/// returns), every append batch in one IMMEDIATE transaction.
///
/// FULL is set on the pool's writer connection after the pool is open: GRDB turns WAL on after
/// `prepareDatabase` runs and sets `synchronous = NORMAL` as it does, which commits without an
/// fsync (durable only at the next WAL checkpoint). Set in `prepareDatabase`, as it was until
/// 2026-11-22, FULL never took effect. Triggers refuse every UPDATE and
/// DELETE on every table: the service never rewrites history.
///
/// Tables: `entries` (id, time, leaf bytes, leaf hash), `nodes` (hash of
/// every complete subtree of level ≥ 1), `checkpoints` (signed notes). Officer queries use a
/// derived ``AuditQueryIndex`` in a file of its own.
public final class SQLiteLogStore: LogStore {
    private let database: DatabasePool
    /// The right edge of the tree after the last append made by this process. Another process may
    /// append too; each batch checks the stored size and reloads the frontier when it differs.
    private let frontier: Mutex<MerkleFrontier?> = Mutex(nil)
    public let path: String
    /// The officers' query index, in `<name>.query.sqlite` beside the log.
    public let queryIndex: AuditQueryIndex

    public init(path: String) throws {
        self.path = path
        let base = path.hasSuffix(".sqlite") ? String(path.dropLast(".sqlite".count)) : path
        queryIndex = try AuditQueryIndex(path: base + ".query.sqlite")
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // 64 MiB of page cache: the id index takes random inserts and must stay in memory.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        database = try DatabasePool(path: path, configuration: configuration)
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try database.write { db in try SQLiteLogStore.migrate(db) }
    }

    private static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS entries (
                sequence INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time TEXT NOT NULL,
                leaf BLOB NOT NULL, leaf_hash BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS nodes (
                level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS checkpoints (
                tree_size INTEGER PRIMARY KEY, root BLOB NOT NULL, note TEXT NOT NULL, created_at TEXT NOT NULL);
            """)
        for table in ["entries", "nodes", "checkpoints"] {
            for operation in ["UPDATE", "DELETE"] {
                try db.execute(sql: """
                    CREATE TRIGGER IF NOT EXISTS \(table)_never_\(operation.lowercased()) BEFORE \(operation) ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
            }
        }
    }

    /// The writer connection's `PRAGMA synchronous` (2 is FULL), for tests and diagnostics.
    func writerSynchronousLevel() throws -> Int {
        try database.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    // MARK: Appending

    public func appendBatch(_ entries: [PreparedEntry]) async throws -> [AuditEntry] {
        guard !entries.isEmpty else { return [] }
        let cached = frontier.withLock { $0 }
        let (stored, newFrontier) = try await database.writeWithoutTransaction { db in
            var result: ([AuditEntry], MerkleFrontier) = ([], MerkleFrontier())
            try db.inTransaction(.immediate) {
                let size = try Int.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(sequence) + 1, 0) FROM entries")) ?? 0
                var tree = cached?.size == size ? cached! : try SQLiteLogStore.loadFrontier(db, size: size)
                var stored: [AuditEntry] = []
                stored.reserveCapacity(entries.count)
                let insertEntry = try db.cachedStatement(sql: """
                    INSERT INTO entries (sequence, id, time, leaf, leaf_hash) VALUES (?, ?, ?, ?, ?)
                    """)
                let insertNode = try db.cachedStatement(sql: "INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)")
                for prepared in entries {
                    var entry = prepared.entry
                    entry.sequence = tree.size
                    let leaf = prepared.leaf(sequence: entry.sequence)
                    let leafHash = MerkleHash.leaf(leaf)
                    try insertEntry.execute(arguments: [entry.sequence, entry.id, entry.time, leaf, leafHash])
                    for node in tree.append(leafHash: leafHash) {
                        try insertNode.execute(arguments: [node.level, node.index, node.hash])
                    }
                    stored.append(entry)
                }
                result = (stored, tree)
                return .commit
            }
            return result
        }
        frontier.withLock { $0 = newFrontier }
        await queryIndex.enqueue(stored)
        return stored
    }

    /// The frontier of a tree of `size` leaves, from the stored subtree hashes.
    private static func loadFrontier(_ db: Database, size: Int) throws -> MerkleFrontier {
        let coordinates = MerkleFrontier.subtreeCoordinates(size: size)
        let hashes = try nodeHashes(db, coordinates)
        return MerkleFrontier(size: size, subtrees: zip(coordinates, hashes).map {
            MerkleFrontier.Node(level: $0.0.level, index: $0.0.index, hash: $0.1)
        })
    }

    // MARK: Reading

    public func size() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence) + 1, 0) FROM entries") ?? 0 }
    }

    public func entry(id: String) throws -> StoredEntry? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT leaf, leaf_hash FROM entries WHERE id = ?", arguments: [id]).map(SQLiteLogStore.stored)
        }
    }

    public func entry(sequence: Int) throws -> StoredEntry? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT leaf, leaf_hash FROM entries WHERE sequence = ?", arguments: [sequence]).map(SQLiteLogStore.stored)
        }
    }

    private static func stored(_ row: Row) throws -> StoredEntry {
        let leaf: Data = row["leaf"]
        return StoredEntry(entry: try JSONDecoder().decode(AuditEntry.self, from: leaf), leaf: leaf, leafHash: row["leaf_hash"])
    }

    public func nodeHashes(_ coordinates: [(level: Int, index: Int)]) throws -> [Data] {
        try database.read { db in try SQLiteLogStore.nodeHashes(db, coordinates) }
    }

    private static func nodeHashes(_ db: Database, _ coordinates: [(level: Int, index: Int)]) throws -> [Data] {
        let leafStatement = try db.cachedStatement(sql: "SELECT leaf_hash FROM entries WHERE sequence = ?")
        let nodeStatement = try db.cachedStatement(sql: "SELECT hash FROM nodes WHERE level = ? AND idx = ?")
        return try coordinates.map { coordinate in
            let hash = coordinate.level == 0
                ? try Data.fetchOne(leafStatement, arguments: [coordinate.index])
                : try Data.fetchOne(nodeStatement, arguments: [coordinate.level, coordinate.index])
            guard let hash else { throw AuditLogError.missingNode(level: coordinate.level, index: coordinate.index) }
            return hash
        }
    }

    // MARK: Checkpoints

    public func addCheckpoint(_ checkpoint: StoredCheckpoint) async throws -> StoredCheckpoint {
        try await database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO checkpoints (tree_size, root, note, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [checkpoint.size, checkpoint.rootHash, checkpoint.note, checkpoint.createdAt])
            return try SQLiteLogStore.checkpoint(db, sql: "SELECT * FROM checkpoints WHERE tree_size = ?", [checkpoint.size])!
        }
    }

    public func latestCheckpoint() throws -> StoredCheckpoint? {
        try database.read { db in try SQLiteLogStore.checkpoint(db, sql: "SELECT * FROM checkpoints ORDER BY tree_size DESC LIMIT 1", []) }
    }

    public func checkpoint(size: Int) throws -> StoredCheckpoint? {
        try database.read { db in try SQLiteLogStore.checkpoint(db, sql: "SELECT * FROM checkpoints WHERE tree_size = ?", [size]) }
    }

    public func checkpoints() throws -> [StoredCheckpoint] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM checkpoints ORDER BY tree_size").map(SQLiteLogStore.checkpoint(row:))
        }
    }

    private static func checkpoint(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> StoredCheckpoint? {
        try Row.fetchOne(db, sql: sql, arguments: arguments).map(checkpoint(row:))
    }

    private static func checkpoint(row: Row) -> StoredCheckpoint {
        StoredCheckpoint(size: row["tree_size"], rootHash: row["root"], note: row["note"], createdAt: row["created_at"])
    }

    // MARK: Queries and scans

    public func query(_ query: AuditQuery) async throws -> [StoredEntry] {
        try await queryIndex.catchUp(to: try size(), from: self)
        let sequences = try await queryIndex.sequences(matching: query)
        return try await database.read { db in
            try sequences.compactMap { sequence in
                try Row.fetchOne(db, sql: "SELECT leaf, leaf_hash FROM entries WHERE sequence = ?", arguments: [sequence]).map(SQLiteLogStore.stored)
            }
        }
    }

    public func scanEntries(_ body: (RawEntryRow) throws -> Void) throws {
        try database.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT sequence, id, leaf, leaf_hash FROM entries ORDER BY sequence")
            while let row = try rows.next() {
                try body(RawEntryRow(sequence: row["sequence"], id: row["id"], leaf: row["leaf"], leafHash: row["leaf_hash"]))
            }
        }
    }

    public func scanNodes(level: Int, _ body: (Int, Data) throws -> Void) throws {
        try database.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT idx, hash FROM nodes WHERE level = ? ORDER BY idx", arguments: [level])
            while let row = try rows.next() { try body(row["idx"], row["hash"]) }
        }
    }
}
