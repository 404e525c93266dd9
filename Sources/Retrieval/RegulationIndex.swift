import Crypto
import Foundation
import GRDB
import Synchronization

/// The local index of regulations: one SQLite file (WAL) holding every version of every document,
/// its chunks (one per article, or per paragraph of a long article), a float32 vector per chunk, and
/// an FTS5 table over application-computed character bigrams of the chunks that are served.
///
/// Search resolves clauses named explicitly in the question first, then fuses BM25 (lexical) and
/// cosine similarity (vectors, scored with OpenBLAS) by reciprocal rank.
public final class RegulationIndex: Sendable {
    private let database: DatabasePool
    /// The embedder for vectors; nil indexes and searches lexically only.
    public let embedder: (any Embedder)?
    /// Served chunks (ids, document facts, token counts, vectors), loaded on first search and again
    /// whenever the index version has changed (a sync here or in another process).
    private let served = Mutex<ServedChunks?>(nil)
    /// Statistics of every indexed token, kept like ``served``.
    private let vocabulary = Mutex<Vocabulary?>(nil)
    public let path: String

    private struct Vocabulary: Sendable {
        /// The index version these statistics were read at.
        var indexVersion: Int
        /// Tokens of up to 7 bytes (every bigram) by ``BigramTokenizer/packedKey(_:)``, the rest by
        /// text: hashing a Chinese `String` checks its normalisation, which cost more per search
        /// than the rest of planning it.
        var shortTokens: [UInt64: LexicalToken]
        var longTokens: [String: LexicalToken]
        var servedChunks: Int

        init(indexVersion: Int, tokens: [String: LexicalToken], servedChunks: Int) {
            self.indexVersion = indexVersion
            self.servedChunks = servedChunks
            var short: [UInt64: LexicalToken] = [:], long: [String: LexicalToken] = [:]
            for (token, statistics) in tokens {
                if let key = BigramTokenizer.packedKey(token) { short[key] = statistics } else { long[token] = statistics }
            }
            shortTokens = short
            longTokens = long
        }
    }

    /// A token of the index as search needs it.
    struct LexicalToken: Sendable {
        var token: String
        /// Rows that contain it.
        var documentFrequency: Int
        /// The highest `tfN` column holding it (1 when no row repeats it): tf queries above are skipped.
        var repeatedUpTo: Int
    }

    /// How long a search may rely on the index version it last read before asking the database
    /// again. A sync through this handle is seen at once; one by another process (`hegui index
    /// sync` while `hegui serve` runs) within this interval. Asking on every search cost 20–90 µs
    /// (most of it a cold reader connection), a quarter of a search.
    public let versionRecheckInterval: Duration
    /// The index version last read, and when; `generation` counts syncs through this handle, so
    /// a read that began before one is not kept after it.
    private let knownVersion = Mutex<KnownVersion>(KnownVersion())

    private struct KnownVersion {
        var version: Int?
        var readAt = ContinuousClock.now
        var generation = 0
    }

    /// Opens (creating if needed) the index at `path`.
    public init(path: String, embedder: (any Embedder)? = HashedNgramEmbedder(),
                versionRecheckInterval: Duration = .milliseconds(100)) throws {
        self.versionRecheckInterval = versionRecheckInterval
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        database = try DatabasePool(path: path, configuration: configuration)
        self.embedder = embedder
        self.path = path
        try database.write { db in try RegulationIndex.migrate(db) }
    }

    private static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS documents (
                id TEXT NOT NULL, version TEXT NOT NULL, revision INTEGER NOT NULL, status TEXT NOT NULL,
                title TEXT NOT NULL, issuer TEXT NOT NULL, doc_no TEXT NOT NULL, promulgated TEXT, effective TEXT NOT NULL,
                repealed TEXT, supersedes TEXT NOT NULL, sha256 TEXT NOT NULL, source TEXT NOT NULL,
                added_in INTEGER NOT NULL, retired_in INTEGER, PRIMARY KEY (id, version));
            CREATE INDEX IF NOT EXISTS documents_by_status ON documents(status, id);
            CREATE TABLE IF NOT EXISTS chunks (
                id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, version TEXT NOT NULL, article INTEGER NOT NULL,
                article_sub INTEGER, paragraph INTEGER, clause_path TEXT NOT NULL, clause_label TEXT NOT NULL,
                text TEXT NOT NULL, sha256 TEXT NOT NULL, vector BLOB, served INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks(doc_id, version, article, article_sub, paragraph);
            CREATE INDEX IF NOT EXISTS chunks_by_sha ON chunks(sha256);
            CREATE TABLE IF NOT EXISTS index_versions (
                version INTEGER PRIMARY KEY, synced_at TEXT NOT NULL, embedder TEXT NOT NULL, summary TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """)
        // The FTS5 row: every token, then the tokens that occur at least 2, 3, 4 times (see
        // BigramTokenizer.indexColumns). An index from before those columns is rebuilt once.
        let ftsSchema = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'chunks_fts'")
        if let ftsSchema, !ftsSchema.contains("tf4") {
            try db.execute(sql: "DROP TABLE IF EXISTS chunks_vocab; DROP TABLE IF EXISTS chunks_vocab_columns; DROP TABLE chunks_fts;")
        }
        try db.execute(sql: """
            CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(tokens, tf2, tf3, tf4);
            CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vocab USING fts5vocab(chunks_fts, 'row');
            CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vocab_columns USING fts5vocab(chunks_fts, 'col');
            """)
        if let ftsSchema, !ftsSchema.contains("tf4") {
            let rows = try Row.fetchCursor(db, sql: """
                SELECT chunks.id, chunks.clause_path, chunks.text, documents.title FROM chunks
                JOIN documents ON documents.id = chunks.doc_id AND documents.version = chunks.version WHERE chunks.served = 1
                """)
            while let row = try rows.next() {
                try insertTokens(chunkID: row["id"], text: indexedText(title: row["title"], clausePath: row["clause_path"], text: row["text"]), db: db)
            }
        }
    }

    private static func insertTokens(chunkID: Int64, text: String, db: Database) throws {
        let statement = try db.cachedStatement(sql: "INSERT INTO chunks_fts (rowid, tokens, tf2, tf3, tf4) VALUES (?, ?, ?, ?, ?)")
        try statement.execute(arguments: StatementArguments([chunkID] + BigramTokenizer.indexColumns(text)))
    }

    /// The id of the embedder the stored vectors were made with (`none` for a lexical-only index).
    public func storedEmbedder() throws -> String? {
        try database.read { db in try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'embedder'") }
    }

    private var embedderID: String { embedder?.id ?? "none" }

    // MARK: Sync

    /// Brings the index in line with the `.md`, `.txt` and `.html` files in `directory`:
    /// unchanged documents (same SHA-256) cost nothing; a changed document becomes a new version and
    /// the old one is kept, readable for audit, but no longer served; a missing one stops being
    /// served. `reembed` recomputes every served vector with the current embedder.
    ///
    /// Bad input never withdraws a regulation:
    /// - files that cannot be read are reported in ``SyncReport/skipped`` and the rest of the sync
    ///   completes; a document whose file is among them stays served at its last good version
    ///   (``SyncReport/kept``) instead of counting as removed;
    /// - a sync that would leave nothing served where documents were served (an empty or wrong
    ///   folder) throws ``RetrievalError/wouldRemoveEverything(directory:documents:)`` and changes
    ///   nothing, unless `allowRemovingAll` says that is the intent;
    /// - a folder that does not exist throws ``RetrievalError/folderNotFound(_:)``.
    public func sync(directory: String, reembed: Bool = false, allowRemovingAll: Bool = false) async throws -> SyncReport {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw RetrievalError.folderNotFound(directory)
        }
        let folder = URL(fileURLWithPath: directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { name in [".md", ".txt", ".html", ".htm"].contains { name.lowercased().hasSuffix($0) } }
            .filter { $0.lowercased() != "readme.md" }
            .sorted()
        var report = SyncReport()
        var sources: [(name: String, data: Data)] = []
        for name in names { sources.append((name, try Data(contentsOf: folder.appendingPathComponent(name)))) }
        return try await sync(sources: sources, report: &report, reembed: reembed,
                              removal: .missing(directory: directory, allowRemovingAll: allowRemovingAll))
    }

    /// Adds or replaces one document from its source text (the admin upload path); nothing else changes.
    public func upsert(source: Data, name: String) async throws -> SyncReport {
        var report = SyncReport()
        return try await sync(sources: [(name, source)], report: &report, reembed: false, removal: .none)
    }

    /// What happens to current documents that the synced sources do not hold.
    private enum Removal {
        /// Nothing: the sources are additions (an upload).
        case none
        /// They stop being served, unless their file was unreadable; refused when nothing would be
        /// left, unless allowed.
        case missing(directory: String, allowRemovingAll: Bool)
    }

    private func sync(sources: [(name: String, data: Data)], report: inout SyncReport, reembed: Bool,
                      removal: Removal) async throws -> SyncReport {
        let stored = try storedEmbedder()
        if let stored, stored != embedderID, !reembed {
            throw RetrievalError.embedderMismatch(index: stored, requested: embedderID)
        }
        var parsed: [(document: RegulationDocument, sha: String, file: String)] = []
        var seen: [String: String] = [:]
        let parser = RegulationParser()
        for source in sources {
            guard let text = String(data: source.data, encoding: .utf8) else {
                report.skipped.append(RegulationParseError(file: source.name, line: 1, problem: "not valid UTF-8"))
                continue
            }
            do {
                let document = try parser.parse(text, file: source.name)
                if let first = seen[document.id] {
                    report.skipped.append(RegulationParseError(file: source.name, line: 2, problem: "duplicate id '\(document.id)' (also in \(first))"))
                    continue
                }
                seen[document.id] = source.name
                parsed.append((document, RegulationIndex.hex(SHA256.hash(data: source.data)), source.name))
            } catch {
                report.skipped.append(error)
            }
        }

        // Decide what changes, then embed what needs it, outside the write transaction.
        let currentRows = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, sha256, source FROM documents WHERE status = 'current'").map {
                (row: Row) -> (id: String, sha: String, source: String) in (row["id"], row["sha256"], row["source"])
            }
        }
        let current = Dictionary(uniqueKeysWithValues: currentRows.map { ($0.id, $0.sha) })
        // Current documents the sources no longer hold: those whose file was unreadable this time are
        // kept at their last good version; the rest are removed.
        var toRemove: [String] = []
        if case let .missing(directory, allowRemovingAll) = removal {
            let unreadable = Dictionary(report.skipped.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
            for row in currentRows.sorted(by: { $0.id < $1.id }) where seen[row.id] == nil {
                if let problem = unreadable[row.source] {
                    report.kept.append(KeptDocument(documentID: row.id, unreadable: problem))
                } else {
                    toRemove.append(row.id)
                }
            }
            if !allowRemovingAll, !current.isEmpty, parsed.isEmpty, report.kept.isEmpty {
                throw RetrievalError.wouldRemoveEverything(directory: directory, documents: current.count)
            }
        }
        let toWrite = parsed.filter { current[$0.document.id] != $0.sha }
        let newChunks = toWrite.map { RegulationChunk.chunks(of: $0.document) }
        var vectorsBySHA: [String: Data] = [:]
        if let embedder {
            let wanted = Set(newChunks.joined().map(\.sha256))
            if !reembed {
                // Chunks whose text did not change keep their vectors.
                vectorsBySHA = try await database.read { db in
                    var found: [String: Data] = [:]
                    for sha in wanted {
                        if let blob = try Data.fetchOne(db, sql: "SELECT vector FROM chunks WHERE sha256 = ? AND vector IS NOT NULL LIMIT 1", arguments: [sha]) {
                            found[sha] = blob
                        }
                    }
                    return found
                }
            }
            var texts: [String: String] = [:]
            for (entry, chunks) in zip(toWrite, newChunks) {
                for chunk in chunks where vectorsBySHA[chunk.sha256] == nil {
                    texts[chunk.sha256] = RegulationIndex.indexedText(title: entry.document.title, chunk: chunk)
                }
            }
            if reembed {
                let served = try await database.read { db in
                    try Row.fetchAll(db, sql: """
                        SELECT chunks.sha256, chunks.clause_path, chunks.text, documents.title FROM chunks
                        JOIN documents ON documents.id = chunks.doc_id AND documents.version = chunks.version WHERE chunks.served = 1
                        """).map { row -> (sha: String, text: String) in
                        let title: String = row["title"], path: String = row["clause_path"], text: String = row["text"]
                        return (row["sha256"], RegulationIndex.indexedText(title: title, clausePath: path, text: text))
                    }
                }
                for chunk in served { texts[chunk.sha] = chunk.text }
            }
            let order = Array(texts.keys)
            for start in stride(from: 0, to: order.count, by: 256) {
                let slice = Array(order[start..<min(start + 256, order.count)])
                let embedded = try await embedder.embed(slice.map { texts[$0]! })
                guard embedded.count == slice.count, embedded.allSatisfy({ $0.count == embedder.dimension }) else {
                    throw RetrievalError.badEmbedding("embedder \(embedder.id) returned \(embedded.count) vectors for \(slice.count) texts, or vectors of the wrong dimension")
                }
                for (sha, vector) in zip(slice, embedded) { vectorsBySHA[sha] = vector.withUnsafeBufferPointer { Data(buffer: $0) } }
            }
            report.embedded = texts.count
        }

        let embedderID = self.embedderID
        let outcome = try await database.write { [report, vectorsBySHA, parsed, toWrite, newChunks, current, toRemove] db -> SyncReport in
            var report = report
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM index_versions") ?? 0) + 1
            for entry in parsed {
                let id = entry.document.id
                if current[id] == entry.sha {
                    report.unchanged.append(id)
                } else if current[id] != nil {
                    try RegulationIndex.retire(documentID: id, status: "superseded", in: version, db: db)
                    report.changed.append(id)
                } else {
                    report.added.append(id)
                }
            }
            for (entry, chunks) in zip(toWrite, newChunks) {
                try RegulationIndex.insert(entry.document, sha: entry.sha, source: entry.file, chunks: chunks,
                                           vectors: vectorsBySHA, indexVersion: version, db: db)
            }
            for id in toRemove {
                try RegulationIndex.retire(documentID: id, status: "removed", in: version, db: db)
                report.removed.append(id)
            }
            if reembed {
                let rows = try Row.fetchAll(db, sql: "SELECT id, sha256 FROM chunks WHERE served = 1")
                for row in rows {
                    let sha: String = row["sha256"]
                    let chunkID: Int64 = row["id"]
                    try db.execute(sql: "UPDATE chunks SET vector = ? WHERE id = ?", arguments: [vectorsBySHA[sha], chunkID])
                }
            }
            report.indexVersion = version
            report.clauseCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks WHERE served = 1") ?? 0
            try db.execute(sql: "INSERT INTO index_versions (version, synced_at, embedder, summary) VALUES (?, ?, ?, ?)",
                           arguments: [version, ISO8601DateFormatter().string(from: Date()), embedderID, report.summary])
            try db.execute(sql: "INSERT OR REPLACE INTO settings (key, value) VALUES ('embedder', ?)", arguments: [embedderID])
            return report
        }
        served.withLock { $0 = nil }
        vocabulary.withLock { $0 = nil }
        knownVersion.withLock { $0.version = nil; $0.generation += 1 }
        return outcome
    }

    /// The text that is indexed and embedded for a chunk: title and clause path first, which lifts
    /// recall on questions that name the regulation or the article.
    static func indexedText(title: String, chunk: RegulationChunk) -> String {
        indexedText(title: title, clausePath: chunk.clausePath, text: chunk.text)
    }

    static func indexedText(title: String, clausePath: String, text: String) -> String { "\(title) \(clausePath) \(text)" }

    /// Stops serving the current version of a document; its rows stay for audit.
    private static func retire(documentID: String, status: String, in version: Int, db: Database) throws {
        try db.execute(sql: """
            DELETE FROM chunks_fts WHERE rowid IN (
                SELECT chunks.id FROM chunks JOIN documents ON documents.id = chunks.doc_id AND documents.version = chunks.version
                WHERE documents.id = ? AND documents.status = 'current')
            """, arguments: [documentID])
        try db.execute(sql: """
            UPDATE chunks SET served = 0 WHERE doc_id = ? AND version IN (SELECT version FROM documents WHERE id = ? AND status = 'current')
            """, arguments: [documentID, documentID])
        try db.execute(sql: "UPDATE documents SET status = ?, retired_in = ? WHERE id = ? AND status = 'current'",
                       arguments: [status, version, documentID])
    }

    private static func insert(_ document: RegulationDocument, sha: String, source: String, chunks: [RegulationChunk],
                               vectors: [String: Data], indexVersion: Int, db: Database) throws {
        let version = String(sha.prefix(12))
        let revision = (try Int.fetchOne(db, sql: "SELECT MAX(revision) FROM documents WHERE id = ?", arguments: [document.id]) ?? 0) + 1
        // Re-adding a version that was retired earlier (the same bytes again) revives it.
        try db.execute(sql: "DELETE FROM chunks WHERE doc_id = ? AND version = ?", arguments: [document.id, version])
        try db.execute(sql: "DELETE FROM documents WHERE id = ? AND version = ?", arguments: [document.id, version])
        try db.execute(sql: """
            INSERT INTO documents (id, version, revision, status, title, issuer, doc_no, promulgated, effective, repealed,
                                   supersedes, sha256, source, added_in)
            VALUES (?, ?, ?, 'current', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [document.id, version, revision, document.title, document.issuer, document.documentNumber,
                             document.promulgated, document.effective, document.repealed, document.supersedes.joined(separator: ","),
                             sha, source, indexVersion])
        let insertChunk = try db.cachedStatement(sql: """
            INSERT INTO chunks (doc_id, version, article, article_sub, paragraph, clause_path, clause_label, text, sha256, vector, served)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            """)
        for chunk in chunks {
            try insertChunk.execute(arguments: [document.id, version, chunk.article.number, chunk.article.sub, chunk.paragraph,
                                                chunk.clausePath, chunk.clauseLabel, chunk.text, chunk.sha256, vectors[chunk.sha256]])
            try insertTokens(chunkID: db.lastInsertedRowID, text: indexedText(title: document.title, chunk: chunk), db: db)
        }
    }

    // MARK: Search

    /// Cosine similarity below which a vector match does not count. Measured on the sample set with
    /// the hashed n-gram embedder: unrelated queries (`xyz`, `今天天气怎么样`) peak below 0.1, real
    /// questions score 0.3 and above.
    public static let defaultMinimumSimilarity: Float = 0.15

    /// Documents in force and matching the filters, as SQL over `documents`.
    private static func documentFilter(_ filters: SearchFilters) -> (sql: String, arguments: [(any DatabaseValueConvertible)?]) {
        var sql = "documents.status = 'current' AND documents.effective <= ? AND (documents.repealed IS NULL OR documents.repealed > ?)"
        var arguments: [(any DatabaseValueConvertible)?] = [filters.date, filters.date]
        if let ids = filters.documentIDs {
            sql += " AND documents.id IN (\(ids.map { _ in "?" }.joined(separator: ",")))"
            arguments += ids.map { $0 }
        }
        if let issuer = filters.issuer {
            sql += " AND documents.issuer = ?"
            arguments.append(issuer)
        }
        return (sql, arguments)
    }

    /// The columns a ``RetrievalHit`` is read from, in the order `RetrievalHit(row:)` reads them.
    static let hitColumns = """
        chunks.id AS chunk_id, chunks.article, chunks.article_sub, chunks.paragraph, chunks.clause_path, chunks.clause_label,
        chunks.text, documents.id, documents.version, documents.title, documents.issuer, documents.effective, documents.repealed
        """

    /// Reads what search keeps in memory (served chunks, vectors, token statistics) now rather than
    /// on the first search: a server calls this at start so no request waits for it.
    public func warm() throws {
        _ = try servedChunks()
        _ = try loadVocabulary()
    }

    /// The `top` clauses for `query` among documents matching `filters`: clauses the question names
    /// (`《个人信息保护法》第二十八条`) first, then the fused lexical and vector ranking.
    public func search(_ query: String, top: Int = 5, filters: SearchFilters = SearchFilters(),
                       minimumSimilarity: Float = RegulationIndex.defaultMinimumSimilarity) async throws -> [RetrievalHit] {
        let queryVector = try await embedder?.embed([query]).first
        return try rank(query, queryVector: queryVector, scores: nil, top: top, filters: filters, minimumSimilarity: minimumSimilarity)
    }

    /// Several searches at once: the vector scores of all queries come from one `cblas_sgemm`.
    public func searchBatch(_ queries: [String], top: Int = 5, filters: SearchFilters = SearchFilters(),
                            minimumSimilarity: Float = RegulationIndex.defaultMinimumSimilarity) async throws -> [[RetrievalHit]] {
        guard let embedder else {
            return try queries.map { try rank($0, queryVector: nil, scores: nil, top: top, filters: filters, minimumSimilarity: minimumSimilarity) }
        }
        let queryVectors = try await embedder.embed(queries)
        let batchScores = try servedChunks().matrix?.scores(forBatch: queryVectors)
        return try queries.indices.map {
            try rank(queries[$0], queryVector: queryVectors[$0], scores: batchScores?[$0], top: top, filters: filters, minimumSimilarity: minimumSimilarity)
        }
    }

    private func rank(_ query: String, queryVector: [Float]?, scores precomputed: [Float]?, top: Int, filters: SearchFilters,
                      minimumSimilarity: Float) throws -> [RetrievalHit] {
        let candidates = max(top * 10, 50)
        let version = try indexVersion()
        let chunks = try servedChunks(at: version)
        let accepted = chunks.acceptedDocuments(filters)
        let plan = try lexicalPlan(query, version: version)

        // Vectors: cosine over every served chunk, filtered, best `candidates` above the floor.
        var semantic: [(id: Int64, cosine: Float)] = []
        if let queryVector, let matrix = chunks.matrix {
            let scores = precomputed ?? matrix.scores(for: queryVector)
            semantic = VectorMatrix.topK(scores, k: candidates) { row in
                scores[row] >= minimumSimilarity && accepted[Int(chunks.documentIndex[row])]
            }.map { (chunks.chunkIDs[$0.row], $0.score) }
        }

        let references = ExplicitReference.parse(query)
        let filter = RegulationIndex.documentFilter(filters)

        // Without a clause named in the question, a search whose postings and hit rows were all
        // read before at this version is answered from memory, with no database transaction.
        if references.isEmpty,
           let lexical = RegulationIndex.lexicalRanking(plan, in: chunks, accepted: accepted, candidates: candidates, postings: { token in
               plan?.requireAll == true ? nil : chunks.postingsCache.postings(of: token.token)
           }) {
            let fused = ReciprocalRankFusion.fuse([lexical.map(\.id), semantic.map(\.id)])
            if let results = try RegulationIndex.fusedHits(fused, top: top, lexical: lexical, semantic: semantic, taken: [], hit: { id in
                guard let cached = chunks.hitCache.hit(id) else { throw HitNotCached() }
                return cached
            }) {
                return results
            }
        }

        // One read transaction for the postings and the hit rows.
        return try database.read { db in
            let lexical = try RegulationIndex.lexicalRanking(plan, in: chunks, accepted: accepted, candidates: candidates, postings: { token in
                try RegulationIndex.postings(of: token, plan: plan, in: chunks, db: db)
            }) ?? []
            let fused = ReciprocalRankFusion.fuse([lexical.map(\.id), semantic.map(\.id)])
            let current = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(version) FROM index_versions")) ?? 0
            let hitStatement = try db.cachedStatement(sql: """
                SELECT \(RegulationIndex.hitColumns) FROM chunks
                JOIN documents ON documents.id = chunks.doc_id AND documents.version = chunks.version WHERE chunks.id = ?
                """)
            func hit(_ chunkID: Int64) throws -> RetrievalHit? {
                if current == version, let cached = chunks.hitCache.hit(chunkID) { return cached }
                guard let found = try Row.fetchOne(hitStatement, arguments: [chunkID]).map({ RetrievalHit(row: $0, score: 0, indexVersion: current) }) else {
                    return nil
                }
                // Kept only when the rows belong to the snapshot the cache is part of.
                if current == version { chunks.hitCache.store(found, for: chunkID) }
                return found
            }
            var results: [RetrievalHit] = []
            var taken = Set<Int64>()
            // 1. Clauses named in the question.
            if !references.isEmpty {
                let best = try fused.first.flatMap { try hit($0.id) }
                for reference in references {
                    for (chunkID, exact) in try RegulationIndex.resolve(reference, near: best, in: chunks, accepted: accepted,
                                                                         filter: filter, version: current, db: db)
                    where !taken.contains(chunkID) && results.count < top {
                        var exact = exact
                        exact.score = 1 + ReciprocalRankFusion.maximumScore
                        exact.matchedBy = "reference"
                        results.append(exact)
                        taken.insert(chunkID)
                    }
                }
            }
            // 2. The fused ranking.
            return try RegulationIndex.fusedHits(fused, top: top, lexical: lexical, semantic: semantic, taken: taken, hit: hit)
                .map { results + $0 } ?? results
        }
    }

    /// Thrown by the in-memory path when a hit row has not been read yet: the search goes to the database.
    private struct HitNotCached: Error {}

    /// The fused ranking's best `top` hits not in `taken` (after `taken.count` named clauses), with
    /// their scores; nil when `hit` throws ``HitNotCached``.
    private static func fusedHits(_ fused: [(id: Int64, score: Double)], top: Int, lexical: [(id: Int64, bm25: Double)],
                                  semantic: [(id: Int64, cosine: Float)], taken: Set<Int64>,
                                  hit: (Int64) throws -> RetrievalHit?) throws -> [RetrievalHit]? {
        let bm25 = Dictionary(lexical.map { ($0.id, $0.bm25) }, uniquingKeysWith: { a, _ in a })
        let cosine = Dictionary(semantic.map { ($0.id, Double($0.cosine)) }, uniquingKeysWith: { a, _ in a })
        var taken = taken
        let room = top - taken.count
        var results: [RetrievalHit] = []
        for item in fused where results.count < room && !taken.contains(item.id) {
            let row: RetrievalHit?
            do { row = try hit(item.id) } catch is HitNotCached { return nil }
            guard var found = row else { continue }
            found.score = item.score
            found.lexicalScore = bm25[item.id]
            found.vectorScore = cosine[item.id]
            results.append(found)
            taken.insert(item.id)
        }
        return results
    }

    /// Lexical ranking: BM25 over the bigram FTS5 table. FTS5 returns each query token's postings
    /// (and, from the `tf2`…`tf4` columns, the rows where it repeats); the scores are computed here
    /// with the token counts held in memory, which is what FTS5's own `bm25()` would compute but
    /// without reading every matched row's size from disk. Best `candidates` among accepted documents.
    private static func lexicalRanking(_ plan: (tokens: [LexicalToken], requireAll: Bool)?, in chunks: ServedChunks, accepted: [Bool],
                                       candidates: Int, postings: (LexicalToken) throws -> PostingsCache.Postings?) rethrows -> [(id: Int64, bm25: Double)]? {
        guard let plan, chunks.count > 0 else { return [] }
        var scores = [Double](repeating: 0, count: chunks.count)
        var scored: [Int] = []
        for token in plan.tokens {
            guard let found = try postings(token) else { return nil }
            let idf = BM25.idf(documents: chunks.count, containing: token.documentFrequency)
            for (index, position32) in found.positions.enumerated() {
                let position = Int(position32)
                guard accepted[Int(chunks.documentIndex[position])] else { continue }
                if scores[position] == 0 { scored.append(position) }   // every weight is positive
                scores[position] += BM25.weight(idf: idf, frequency: Int(found.frequencies[index]), length: Int(chunks.tokenCounts[position]),
                                                averageLength: chunks.averageTokenCount)
            }
        }
        var ranked = scored.map { (id: chunks.chunkIDs[$0], bm25: scores[$0]) }
        ranked.sort { a, b in a.bm25 != b.bm25 ? a.bm25 > b.bm25 : a.id < b.id }
        return Array(ranked.prefix(candidates))
    }

    /// Served positions holding `token` (within the plan's AND scope when it requires every
    /// token), with how often it occurs in each: from the postings cache, or FTS5.
    private static func postings(of token: LexicalToken, plan: (tokens: [LexicalToken], requireAll: Bool)?, in chunks: ServedChunks,
                                 db: Database) throws -> PostingsCache.Postings {
        func quoted(_ token: String) -> String { "\"" + token.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        // With requireAll, FTS5 intersects the postings and only rows holding every token are read.
        let scope = plan?.requireAll == true ? plan?.tokens.map { quoted($0.token) }.joined(separator: " AND ") : nil
        if scope == nil, let cached = chunks.postingsCache.postings(of: token.token) { return cached }
        let statement = try db.cachedStatement(sql: "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?")
        var frequency: [Int64: Int] = [:]
        for level in stride(from: 2, through: token.repeatedUpTo, by: 1) {
            let match = "tf\(level) : \(quoted(token.token))" + (scope.map { " AND \($0)" } ?? "")
            let repeated = try Int64.fetchAll(statement, arguments: [match])
            if repeated.isEmpty { break }
            for row in repeated { frequency[row] = level }
        }
        var found = PostingsCache.Postings(positions: [], frequencies: [])
        for row in try Int64.fetchAll(statement, arguments: [scope ?? quoted(token.token)]) {
            guard let position = chunks.position(of: row) else { continue }
            found.positions.append(Int32(position))
            found.frequencies.append(UInt8(frequency[row] ?? 1))
        }
        if scope == nil { chunks.postingsCache.store(found, for: token.token) }
        return found
    }

    /// The tokens a question is searched by: its bigrams and words that occur in the index, rarest
    /// first, within a budget of postings so that BM25 ranks a bounded number of matches.
    ///
    /// Tokens found in more than 5% of the chunks (and at least 50 chunks) carry little meaning on
    /// their own (应当, 规定); rarer tokens are added, rarest first, while the postings they add stay
    /// within 2% of the chunks (at least 2,000), at most 8 tokens. A question made only of common
    /// tokens gets no lexical query when vectors can answer it; a lexical-only index then requires
    /// its two rarest tokens together (`requireAll`).
    func lexicalPlan(_ text: String, version: Int? = nil) throws -> (tokens: [LexicalToken], requireAll: Bool)? {
        let vocabulary = try loadVocabulary(at: version)
        var seen = Set<UInt64>(), seenLong = Set<String>()
        var known: [LexicalToken] = []
        for token in BigramTokenizer.tokens(text) {
            if let key = BigramTokenizer.packedKey(token) {
                if seen.insert(key).inserted, let statistics = vocabulary.shortTokens[key] { known.append(statistics) }
            } else if seenLong.insert(token).inserted, let statistics = vocabulary.longTokens[token] {
                known.append(statistics)
            }
        }
        known.sort { a, b in a.documentFrequency != b.documentFrequency ? a.documentFrequency < b.documentFrequency : a.token < b.token }
        guard !known.isEmpty else { return nil }
        let commonFrom = max(Double(vocabulary.servedChunks) * 0.05, 50)
        let budget = max(Double(vocabulary.servedChunks) * 0.02, 2000)
        var kept: [LexicalToken] = []
        var postings = 0.0
        for token in known where Double(token.documentFrequency) <= commonFrom && kept.count < 8 {
            if !kept.isEmpty && postings + Double(token.documentFrequency) > budget { break }
            kept.append(token)
            postings += Double(token.documentFrequency)
        }
        if kept.isEmpty {
            guard embedder == nil else { return nil }
            return (Array(known.prefix(2)), true)
        }
        return (kept, false)
    }

    private func loadVocabulary(at version: Int? = nil) throws -> Vocabulary {
        let current = try version ?? indexVersion()
        if let cached = vocabulary.withLock({ $0 }), cached.indexVersion == current { return cached }
        let loaded = try database.read { db -> Vocabulary in
            let loadedVersion = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM index_versions") ?? 0
            var tokens: [String: LexicalToken] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT term, col, doc FROM chunks_vocab_columns WHERE doc > 0")
            while let row = try rows.next() {
                let term: String = row["term"], column: String = row["col"], rowsWithIt: Int = row["doc"]
                var entry = tokens[term] ?? LexicalToken(token: term, documentFrequency: 0, repeatedUpTo: 1)
                if column == "tokens" {
                    entry.documentFrequency = rowsWithIt
                } else if column.hasPrefix("tf"), let level = Int(column.dropFirst(2)) {
                    entry.repeatedUpTo = max(entry.repeatedUpTo, level)
                }
                tokens[term] = entry
            }
            return Vocabulary(indexVersion: loadedVersion, tokens: tokens.filter { $0.value.documentFrequency > 0 },
                              servedChunks: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks WHERE served = 1") ?? 0)
        }
        vocabulary.withLock { $0 = loaded }
        return loaded
    }

    /// The served chunks a reference names: in the document its title designates, or, with no
    /// title, in the document of the best search hit.
    private static func resolve(_ reference: ExplicitReference, near best: RetrievalHit?, in chunks: ServedChunks, accepted: [Bool],
                                filter: (sql: String, arguments: [(any DatabaseValueConvertible)?]), version: Int,
                                db: Database) throws -> [(Int64, RetrievalHit)] {
        var named: [ServedChunks.Document] = []
        if let title = reference.title {
            named = zip(chunks.documents, accepted).filter { document, accepted in
                accepted && ExplicitReference.name(title, designates: document.title)
            }.map(\.0)
        } else if let best {
            named = chunks.documents.filter { $0.id == best.documentID && $0.version == best.version }
        }
        var found: [(Int64, RetrievalHit)] = []
        for document in named {
            // Document id and version first, so SQLite looks the article up in chunks_by_document.
            var sql = """
                SELECT \(hitColumns) FROM chunks
                JOIN documents ON documents.id = chunks.doc_id AND documents.version = chunks.version
                WHERE chunks.doc_id = ? AND chunks.version = ? AND chunks.article = ? AND chunks.article_sub IS ? AND \(filter.sql)
                """
            var arguments: [(any DatabaseValueConvertible)?] = [document.id, document.version, reference.article.number, reference.article.sub]
            arguments += filter.arguments
            if let paragraph = reference.paragraph {
                sql += " AND (chunks.paragraph IS NULL OR chunks.paragraph = ?)"
                arguments.append(paragraph)
            }
            sql += " ORDER BY chunks.paragraph"
            for row in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments)) {
                found.append((row[0], RetrievalHit(row: row, score: 0, indexVersion: version)))
            }
        }
        return found
    }

    // MARK: Reading

    /// The served chunk of `documentID` for `article` (and paragraph, when chunked by paragraph).
    public func clause(documentID: String, article: ArticleNumber, paragraph: Int? = nil) throws -> RetrievalHit? {
        try database.read { db in
            let version = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM index_versions") ?? 0
            return try Row.fetchOne(db, sql: """
                SELECT \(RegulationIndex.hitColumns) FROM chunks
                JOIN documents ON documents.id = chunks.doc_id AND documents.version = chunks.version
                WHERE documents.status = 'current' AND documents.id = ? AND chunks.article = ? AND chunks.article_sub IS ?
                  AND (chunks.paragraph IS NULL OR chunks.paragraph = ?) ORDER BY chunks.paragraph LIMIT 1
                """, arguments: [documentID, article.number, article.sub, paragraph ?? 1]).map { RetrievalHit(row: $0, score: 1, indexVersion: version) }
        }
    }

    /// Every stored version of a document, newest first, and the chunks of the current one.
    public func show(documentID: String) throws -> (versions: [DocumentVersion], clauses: [RetrievalHit]) {
        try database.read { db in
            let versions = try Row.fetchAll(db, sql: "SELECT * FROM documents WHERE id = ? ORDER BY revision DESC", arguments: [documentID]).map {
                row -> DocumentVersion in
                let supersedes: String = row["supersedes"]
                return DocumentVersion(id: row["id"], version: row["version"], revision: row["revision"], status: row["status"],
                                       title: row["title"], issuer: row["issuer"], documentNumber: row["doc_no"], promulgated: row["promulgated"],
                                       effective: row["effective"], repealed: row["repealed"],
                                       supersedes: supersedes.split(separator: ",").map(String.init), source: row["source"],
                                       addedIn: row["added_in"], retiredIn: row["retired_in"])
            }
            let indexVersion = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM index_versions") ?? 0
            let clauses = try Row.fetchAll(db, sql: """
                SELECT \(RegulationIndex.hitColumns) FROM chunks
                JOIN documents ON documents.id = chunks.doc_id AND documents.version = chunks.version
                WHERE documents.id = ? AND documents.status = 'current' ORDER BY chunks.id
                """, arguments: [documentID]).map { RetrievalHit(row: $0, score: 0, indexVersion: indexVersion) }
            return (versions, clauses)
        }
    }

    public func stats() throws -> IndexStats {
        let fileBytes = [path, path + "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.reduce(0, +)
        return try database.read { db in
            let stored = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks") ?? 0
            return IndexStats(
                indexVersion: try Int.fetchOne(db, sql: "SELECT MAX(version) FROM index_versions") ?? 0,
                currentDocuments: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents WHERE status = 'current'") ?? 0,
                retiredVersions: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents WHERE status != 'current'") ?? 0,
                servedChunks: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks WHERE served = 1") ?? 0,
                storedChunks: stored,
                vectors: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks WHERE vector IS NOT NULL") ?? 0,
                embedder: try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'embedder'") ?? "none",
                dimension: embedder?.dimension ?? 0, fileBytes: fileBytes, bytesPerChunk: stored > 0 ? fileBytes / stored : 0)
        }
    }

    /// Number of chunks served.
    public func clauseCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks WHERE served = 1") ?? 0 }
    }

    /// The newest index version: what the in-memory caches are checked against, so a sync by another
    /// process (`hegui index sync` while `hegui serve` runs) is seen by the next search.
    /// Tokens and postings in the current version's postings cache.
    func cachedPostings() throws -> (tokens: Int, postings: Int) { try servedChunks().postingsCache.size }

    /// Hit rows held in memory for the current version (tests read it).
    func cachedHits() throws -> Int { try servedChunks().hitCache.count }

    private func indexVersion() throws -> Int {
        let now = ContinuousClock.now
        let known = knownVersion.withLock { $0 }
        if let version = known.version, now - known.readAt < versionRecheckInterval { return version }
        // A single SELECT needs no transaction around it.
        let version = try database.unsafeRead { db in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(version) FROM index_versions")) ?? 0
        }
        knownVersion.withLock { latest in
            if latest.generation == known.generation { (latest.version, latest.readAt) = (version, now) }
        }
        return version
    }

    private func servedChunks(at version: Int? = nil) throws -> ServedChunks {
        let current = try version ?? indexVersion()
        if let cached = served.withLock({ $0 }), cached.indexVersion == current { return cached }
        let dimension = embedder?.dimension
        let embedderID = self.embedderID
        let loaded = try database.read { db -> ServedChunks in
            if dimension != nil, let builtWith = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'embedder'"),
               builtWith != embedderID {
                throw RetrievalError.embedderMismatch(index: builtWith, requested: embedderID)
            }
            return try ServedChunks.load(db, dimension: dimension)
        }
        served.withLock { $0 = loaded }
        return loaded
    }

    /// Today's date as `YYYY-MM-DD` in China Standard Time, the calendar regulations are dated in.
    public static func today() -> String {
        date(secondsSince1970: Date().timeIntervalSince1970)
    }

    /// The China Standard Time calendar date of an instant, as `YYYY-MM-DD`. CST is UTC+8 all year
    /// (no daylight saving since 1991), so this is integer arithmetic, not a `Calendar` per request.
    static func date(secondsSince1970 seconds: Double) -> String {
        // Days since 1970-01-01 in UTC+8, then the proleptic Gregorian civil date (Hinnant's algorithm).
        let days = Int(((seconds + 8 * 3600) / 86400).rounded(.down))
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// Lower-case hexadecimal, without `String(format:)` per byte (which cost more than hashing).
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var utf8: [UInt8] = []
        for byte in digest {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}

extension RetrievalHit {
    /// A row whose first columns are ``RegulationIndex/hitColumns``, read by position: GRDB's
    /// lookup by name lower-cases every column name and was a tenth of a small-index search.
    init(row: Row, score: Double, indexVersion: Int) {
        let documentID: String = row[7]
        let version: String = row[8]
        let title: String = row[9]
        let clausePath: String = row[4]
        let label: String = row[5]
        self.init(citationKey: "\(documentID)@\(version)#\(clausePath)", documentID: documentID, version: version,
                  title: title, clausePath: clausePath, articleNumber: row[1], articleSub: row[2],
                  paragraph: row[3], citation: "《\(title)》\(label)", text: row[6], issuer: row[10],
                  effective: row[11], repealed: row[12], score: score, indexVersion: indexVersion)
    }
}

/// Errors from the retrieval index.
public enum RetrievalError: Error, Sendable, CustomStringConvertible {
    case embedderMismatch(index: String, requested: String)
    case badEmbedding(String)
    case noEmbedder
    /// The folder given to sync does not exist.
    case folderNotFound(String)
    /// The sync would stop serving every document and serve none in their place.
    case wouldRemoveEverything(directory: String, documents: Int)

    public var description: String {
        switch self {
        case let .folderNotFound(path):
            return "regulations folder not found: \(path); pass the folder that holds the regulation files (.md, .txt, .html)"
        case let .wouldRemoveEverything(directory, documents):
            return "\(directory) holds no regulation that can be read, so syncing it would stop serving all \(documents) documents of the index; nothing was changed. Check the path; to withdraw every document on purpose, pass --allow-removing-all"
        case let .embedderMismatch(index, requested):
            return "the index was built with embedder '\(index)' but '\(requested)' is in use; run 'hegui index sync DIR --reembed' to rebuild the vectors"
        case let .badEmbedding(why): return "embedding failed: \(why)"
        case .noEmbedder: return "this index is lexical only: no embedder is configured"
        }
    }
}

