import Foundation
import GRDB

/// The officers' query index over the audit log, in a SQLite file of its own beside the log.
///
/// It is derived data: every row comes from a leaf of the log and the file can be deleted at any
/// time to be rebuilt. Keeping it out of the log's append transaction halves the work on the log's
/// single writer; a second writer, on its own connection and thread, indexes committed entries in
/// batches (see ``enqueue(_:)``), and every query first writes what is queued and catches up with
/// the log, so it never misses an entry.
public actor AuditQueryIndex {
    private let database: DatabasePool
    private var pending: [AuditEntry] = []
    private var draining = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabasePool(path: path, configuration: configuration)
        try database.write { db in
            // An index from before key ids were indexed is dropped: it is derived data, and the
            // next query rebuilds it from the log's leaves.
            if try db.tableExists("indexed"), try !db.columns(in: "indexed").contains(where: { $0.name == "key_id" }) {
                try db.execute(sql: "DROP TABLE indexed; DROP TABLE IF EXISTS entry_findings; DROP TABLE IF EXISTS entry_clauses;")
            }
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS indexed (
                    sequence INTEGER PRIMARY KEY, time TEXT NOT NULL, principal TEXT NOT NULL, route TEXT NOT NULL,
                    kind TEXT NOT NULL, verdict TEXT NOT NULL, key_id TEXT);
                CREATE INDEX IF NOT EXISTS indexed_by_time ON indexed(time);
                CREATE INDEX IF NOT EXISTS indexed_by_principal ON indexed(principal, sequence);
                CREATE INDEX IF NOT EXISTS indexed_by_key ON indexed(key_id, sequence) WHERE key_id IS NOT NULL;
                CREATE INDEX IF NOT EXISTS indexed_by_kind ON indexed(kind, sequence);
                CREATE TABLE IF NOT EXISTS entry_findings (
                    type TEXT NOT NULL, sequence INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (type, sequence)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS entry_clauses (
                    clause TEXT NOT NULL, sequence INTEGER NOT NULL, PRIMARY KEY (clause, sequence)) WITHOUT ROWID;
                """)
        }
    }

    /// Queues committed entries for indexing; returns at once.
    ///
    /// Under load they are written a fifth of a second later in one transaction, not one by one:
    /// each row touches seven b-trees (the table, four indexes, findings, clauses), and at 1,000
    /// appends a second one transaction per append wrote some 40 MB a second of WAL pages beside
    /// the log's own fsyncs. A query never waits for the delay: it writes what is queued first.
    public func enqueue(_ entries: [AuditEntry]) {
        pending.append(contentsOf: entries)
        guard !draining, !drainScheduled else { return }
        if pending.count >= AuditQueryIndex.batchLimit {
            startDrain()
        } else {
            drainScheduled = true
            Task {
                try? await Task.sleep(for: AuditQueryIndex.batchDelay)
                self.scheduledDrain()
            }
        }
    }

    /// How long a committed entry may wait to be indexed, and how many make a batch at once.
    static let batchDelay = Duration.milliseconds(200)
    static let batchLimit = 2_000
    private var drainScheduled = false
    /// Transactions that wrote queued entries (not catch-up ones), for tests and diagnostics.
    private(set) var queuedTransactions = 0

    private func scheduledDrain() {
        drainScheduled = false
        if !draining && !pending.isEmpty { startDrain() }
    }

    private func startDrain() {
        draining = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending.removeAll()
            // A failed write leaves the rows out; the next query's catch-up reads them from the log.
            try? await database.write { db in try AuditQueryIndex.insert(batch, db: db) }
            queuedTransactions += 1
            // Rows that came in meanwhile wait for their own batch, unless a query is waiting.
            if waiters.isEmpty && pending.count < AuditQueryIndex.batchLimit { break }
        }
        draining = false
        if pending.isEmpty {
            let woken = waiters
            waiters.removeAll()
            for waiter in woken { waiter.resume() }
        } else if !drainScheduled {
            drainScheduled = true
            Task {
                try? await Task.sleep(for: AuditQueryIndex.batchDelay)
                self.scheduledDrain()
            }
        }
    }

    /// Writes everything queued so far, now, and waits until it is written.
    private func flush() async {
        guard draining || !pending.isEmpty else { return }
        if !draining { startDrain() }
        await withCheckedContinuation { waiters.append($0) }
    }

    private static func insert(_ entries: [AuditEntry], db: Database) throws {
        let row = try db.cachedStatement(sql: "INSERT OR IGNORE INTO indexed (sequence, time, principal, route, kind, verdict, key_id) VALUES (?, ?, ?, ?, ?, ?, ?)")
        let finding = try db.cachedStatement(sql: "INSERT OR IGNORE INTO entry_findings (type, sequence, count) VALUES (?, ?, ?)")
        let clause = try db.cachedStatement(sql: "INSERT OR IGNORE INTO entry_clauses (clause, sequence) VALUES (?, ?)")
        for entry in entries {
            try row.execute(arguments: [entry.sequence, entry.time, entry.principal, entry.route, entry.kind, entry.verdict, entry.details["key_id"]])
            for (type, count) in entry.findingCounts where count > 0 { try finding.execute(arguments: [type, entry.sequence, count]) }
            for key in entry.citedClauses { try clause.execute(arguments: [key, entry.sequence]) }
        }
    }

    /// Brings the index up to `size` entries: waits for queued writes, then indexes from the log's
    /// leaves whatever is still missing (entries written by another process, or before a crash).
    public func catchUp(to size: Int, from store: any LogStore) async throws {
        await flush()
        let indexed = try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM indexed") ?? 0 }
        guard indexed < size else { return }
        let present = Set(try await database.read { db in try Int.fetchAll(db, sql: "SELECT sequence FROM indexed") })
        var batch: [AuditEntry] = []
        for sequence in 0..<size where !present.contains(sequence) {
            if let stored = try store.entry(sequence: sequence) { batch.append(stored.entry) }
            if batch.count == 1000 {
                let rows = batch
                try await database.write { db in try AuditQueryIndex.insert(rows, db: db) }
                batch.removeAll()
            }
        }
        let rows = batch
        if !rows.isEmpty { try await database.write { db in try AuditQueryIndex.insert(rows, db: db) } }
    }

    /// Sequence numbers of the entries matching `query`, ascending.
    public func sequences(matching query: AuditQuery) async throws -> [Int] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        func add(_ condition: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            conditions.append(condition)
            arguments.append(value)
        }
        add("time >= ?", query.since)
        add("time < ?", query.until)
        add("principal = ?", query.principal)
        add("key_id = ?", query.keyID)
        add("route = ?", query.route)
        add("kind = ?", query.kind)
        add("verdict = ?", query.verdict)
        add("sequence > ?", query.afterSequence)
        add("EXISTS (SELECT 1 FROM entry_findings f WHERE f.type = ? AND f.sequence = indexed.sequence)", query.entityType)
        if let clause = query.clause {
            let exact = clause.contains("#")
            conditions.append(exact
                ? "EXISTS (SELECT 1 FROM entry_clauses c WHERE c.clause = ? AND c.sequence = indexed.sequence)"
                : "EXISTS (SELECT 1 FROM entry_clauses c WHERE c.clause >= ? AND c.clause < ? AND c.sequence = indexed.sequence)")
            arguments.append(clause)
            if !exact { arguments.append(clause + "\u{10FFFF}") }
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(min(max(query.limit, 1), 1000))
        let sql = "SELECT sequence FROM indexed \(whereClause) ORDER BY sequence LIMIT ?"
        let bound = StatementArguments(arguments)
        return try await database.read { db in try Int.fetchAll(db, sql: sql, arguments: bound) }
    }
}
