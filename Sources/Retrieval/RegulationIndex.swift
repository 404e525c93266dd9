import Crypto
import Foundation
import GRDB
import Synchronization

/// The local index of regulations: one SQLite file (WAL) holding documents, one chunk per article,
/// an FTS5 table over application-computed character bigrams, and a float32 vector per chunk.
///
/// Search fuses BM25 (lexical) and cosine similarity (vectors, scored with OpenBLAS) by reciprocal rank.
public final class RegulationIndex: Sendable {
    private let database: DatabasePool
    public let embedder: any Embedder
    private let vectors = Mutex<VectorCache?>(nil)

    /// In-memory copy of the stored vectors, rebuilt after each sync.
    private struct VectorCache: Sendable {
        var matrix: VectorMatrix
        var rowIDs: [Int64]
        var effective: [String]
    }

    /// Opens (creating if needed) the index at `path`.
    public init(path: String, embedder: any Embedder = HashedNgramEmbedder()) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        database = try DatabasePool(path: path, configuration: configuration)
        self.embedder = embedder
        try database.write { db in try RegulationIndex.migrate(db) }
    }

    private static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS documents (
                id TEXT PRIMARY KEY, title TEXT NOT NULL, issuer TEXT NOT NULL, doc_no TEXT NOT NULL,
                effective TEXT NOT NULL, sha256 TEXT NOT NULL, source TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS clauses (
                id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id),
                article INTEGER NOT NULL, clause_path TEXT NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS clauses_by_doc ON clauses(doc_id, article);
            CREATE VIRTUAL TABLE IF NOT EXISTS clauses_fts USING fts5(tokens);
            CREATE TABLE IF NOT EXISTS index_versions (
                version INTEGER PRIMARY KEY, synced_at TEXT NOT NULL, embedder TEXT NOT NULL, summary TEXT NOT NULL);
            """)
    }

    // MARK: Sync

    /// Brings the index in line with the `.md` and `.txt` files in `directory`: unchanged documents
    /// (same SHA-256) are left alone, changed ones replaced, missing ones removed. Files that cannot
    /// be parsed are reported in ``SyncReport/skipped`` and the rest of the sync completes.
    public func sync(directory: String) throws -> SyncReport {
        let folder = URL(fileURLWithPath: directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".md") || $0.hasSuffix(".txt") }
            .filter { $0.lowercased() != "readme.md" }
            .sorted()
        var report = SyncReport()
        var parsed: [(document: RegulationDocument, sha: String, file: String)] = []
        var seen: [String: String] = [:]
        let parser = RegulationParser()
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            guard let source = String(data: data, encoding: .utf8) else {
                report.skipped.append(RegulationParseError(file: name, line: 1, problem: "not valid UTF-8"))
                continue
            }
            do {
                let document = try parser.parse(source, file: name)
                if let first = seen[document.id] {
                    report.skipped.append(RegulationParseError(file: name, line: 2, problem: "duplicate id '\(document.id)' (also in \(first))"))
                    continue
                }
                seen[document.id] = name
                let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
                parsed.append((document, sha, name))
            } catch {
                report.skipped.append(error)
            }
        }
        let embedder = self.embedder
        report = try database.write { db in
            var report = report
            let stored = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, sha256 FROM documents").map {
                (row: Row) -> (String, String) in (row["id"], row["sha256"])
            })
            for entry in parsed {
                let id = entry.document.id
                if stored[id] == entry.sha {
                    report.unchanged.append(id)
                    continue
                }
                if stored[id] != nil {
                    try RegulationIndex.delete(documentID: id, db: db)
                    report.changed.append(id)
                } else {
                    report.added.append(id)
                }
                try RegulationIndex.insert(entry.document, sha: entry.sha, source: entry.file, embedder: embedder, db: db)
            }
            for id in stored.keys.sorted() where seen[id] == nil {
                try RegulationIndex.delete(documentID: id, db: db)
                report.removed.append(id)
            }
            let previous = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM index_versions") ?? 0
            report.indexVersion = previous + 1
            report.clauseCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clauses") ?? 0
            try db.execute(sql: "INSERT INTO index_versions (version, synced_at, embedder, summary) VALUES (?, ?, ?, ?)",
                           arguments: [report.indexVersion, ISO8601DateFormatter().string(from: Date()), embedder.id, report.summary])
            return report
        }
        vectors.withLock { $0 = nil }
        return report
    }

    private static func delete(documentID: String, db: Database) throws {
        try db.execute(sql: "DELETE FROM clauses_fts WHERE rowid IN (SELECT id FROM clauses WHERE doc_id = ?)", arguments: [documentID])
        try db.execute(sql: "DELETE FROM clauses WHERE doc_id = ?", arguments: [documentID])
        try db.execute(sql: "DELETE FROM documents WHERE id = ?", arguments: [documentID])
    }

    private static func insert(_ document: RegulationDocument, sha: String, source: String,
                               embedder: any Embedder, db: Database) throws {
        try db.execute(sql: "INSERT INTO documents (id, title, issuer, doc_no, effective, sha256, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [document.id, document.title, document.issuer, document.documentNumber, document.effective, sha, source])
        // The indexed text is prefixed with the title and clause path so queries naming them match.
        let indexed = document.articles.map { "\(document.title) \($0.clausePath) \($0.text)" }
        let embeddings = try embedder.embed(indexed)
        for (article, (text, vector)) in zip(document.articles, zip(indexed, embeddings)) {
            let blob = vector.withUnsafeBufferPointer { Data(buffer: $0) }
            try db.execute(sql: "INSERT INTO clauses (doc_id, article, clause_path, text, vector) VALUES (?, ?, ?, ?, ?)",
                           arguments: [document.id, article.number, article.clausePath, article.text, blob])
            try db.execute(sql: "INSERT INTO clauses_fts (rowid, tokens) VALUES (?, ?)",
                           arguments: [db.lastInsertedRowID, BigramTokenizer.indexText(text)])
        }
    }

    // MARK: Search

    /// Cosine similarity below which a vector match does not count. Measured on the sample set with
    /// the hashed n-gram embedder: unrelated queries (`xyz`, `今天天气怎么样`) peak below 0.1, real
    /// questions score 0.3 and above.
    public static let defaultMinimumSimilarity: Float = 0.15

    /// The `top` clauses for `query` among documents in force on `date` (`YYYY-MM-DD`, default today).
    public func search(_ query: String, top: Int = 5, inForceOn date: String = RegulationIndex.today(),
                       minimumSimilarity: Float = RegulationIndex.defaultMinimumSimilarity) throws -> [RetrievalHit] {
        let candidates = max(top * 10, 50)
        var lexical: [Int64] = []
        if let match = BigramTokenizer.matchQuery(query) {
            lexical = try database.read { db in
                try Int64.fetchAll(db, sql: """
                    SELECT clauses_fts.rowid FROM clauses_fts
                    JOIN clauses ON clauses.id = clauses_fts.rowid
                    JOIN documents ON documents.id = clauses.doc_id
                    WHERE clauses_fts MATCH ? AND documents.effective <= ?
                    ORDER BY bm25(clauses_fts) LIMIT ?
                    """, arguments: [match, date, candidates])
            }
        }
        let cache = try vectorCache()
        let queryVector = try embedder.embed([query])[0]
        let semantic = cache.matrix.topK(for: queryVector, k: cache.matrix.rowCount)
            .filter { cache.effective[$0.row] <= date && $0.score >= minimumSimilarity }
            .prefix(candidates)
            .map { cache.rowIDs[$0.row] }
        let fused = ReciprocalRankFusion.fuse([lexical, Array(semantic)]).prefix(top)
        guard !fused.isEmpty else { return [] }
        return try database.read { db in
            let version = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM index_versions") ?? 0
            return try fused.compactMap { item -> RetrievalHit? in
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT clauses.article, clauses.clause_path, clauses.text, documents.id, documents.title,
                           documents.effective, documents.sha256
                    FROM clauses JOIN documents ON documents.id = clauses.doc_id WHERE clauses.id = ?
                    """, arguments: [item.id]) else { return nil }
                return RetrievalHit(row: row, score: item.score, indexVersion: version)
            }
        }
    }

    /// The clause of `documentID` numbered `article`, if the index holds it.
    public func clause(documentID: String, article: Int) throws -> RetrievalHit? {
        try database.read { db in
            let version = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM index_versions") ?? 0
            guard let row = try Row.fetchOne(db, sql: """
                SELECT clauses.article, clauses.clause_path, clauses.text, documents.id, documents.title,
                       documents.effective, documents.sha256
                FROM clauses JOIN documents ON documents.id = clauses.doc_id
                WHERE documents.id = ? AND clauses.article = ?
                """, arguments: [documentID, article]) else { return nil }
            return RetrievalHit(row: row, score: 1, indexVersion: version)
        }
    }

    /// Number of clauses stored.
    public func clauseCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clauses") ?? 0 }
    }

    private func vectorCache() throws -> VectorCache {
        if let cached = vectors.withLock({ $0 }) { return cached }
        let dimension = embedder.dimension
        let embedderID = embedder.id
        let loaded = try database.read { db -> VectorCache in
            if let builtWith = try String.fetchOne(db, sql: "SELECT embedder FROM index_versions ORDER BY version DESC LIMIT 1"),
               builtWith != embedderID {
                throw RetrievalError.embedderMismatch(index: builtWith, requested: embedderID)
            }
            var cache = VectorCache(matrix: VectorMatrix(dimension: dimension), rowIDs: [], effective: [])
            let rows = try Row.fetchCursor(db, sql: """
                SELECT clauses.id, clauses.vector, documents.effective FROM clauses
                JOIN documents ON documents.id = clauses.doc_id ORDER BY clauses.id
                """)
            while let row = try rows.next() {
                let blob: Data = row["vector"]
                let vector = blob.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
                guard vector.count == dimension else {
                    throw RetrievalError.embedderMismatch(index: "\(vector.count)-dimension vectors", requested: embedderID)
                }
                cache.matrix.append(vector)
                cache.rowIDs.append(row["id"])
                cache.effective.append(row["effective"])
            }
            return cache
        }
        vectors.withLock { $0 = loaded }
        return loaded
    }

    /// Today's date as `YYYY-MM-DD` in China Standard Time, the calendar regulations are dated in.
    public static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}

extension RetrievalHit {
    init(row: Row, score: Double, indexVersion: Int) {
        let sha: String = row["sha256"]
        let documentID: String = row["id"]
        let title: String = row["title"]
        let article: Int = row["article"]
        let clausePath: String = row["clause_path"]
        let version = String(sha.prefix(12))
        self.init(citationKey: "\(documentID)@\(version)#\(clausePath)", documentID: documentID, version: version,
                  title: title, clausePath: clausePath, articleNumber: article,
                  citation: "《\(title)》第\(ChineseNumeral.format(article))条", text: row["text"],
                  effective: row["effective"], score: score, indexVersion: indexVersion)
    }
}

/// Errors from the retrieval index.
public enum RetrievalError: Error, Sendable, CustomStringConvertible {
    case embedderMismatch(index: String, requested: String)

    public var description: String {
        switch self {
        case let .embedderMismatch(index, requested):
            return "the index was built with embedder '\(index)' but search uses '\(requested)'; re-run 'hegui index sync' with the same embedder"
        }
    }
}
