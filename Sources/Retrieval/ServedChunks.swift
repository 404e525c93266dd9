import Foundation
import GRDB
import Synchronization

/// What search needs to know about every served chunk, read once per index version and kept in
/// memory: chunk ids, the document facts the filters look at, each chunk's token count for BM25,
/// and, with an embedder, the vectors. Positions (0, 1, …) follow ascending chunk id.
struct ServedChunks: Sendable {
    struct Document: Sendable {
        var id: String
        var version: String
        var title: String
        var issuer: String
        var effective: String
        var repealed: String?
    }

    /// The index version this was read at.
    let indexVersion: Int
    /// Ascending.
    let chunkIDs: [Int64]
    /// Per position: index into ``documents``.
    let documentIndex: [Int32]
    let documents: [Document]
    /// Per position: tokens in the chunk's indexed text (BM25's document length).
    let tokenCounts: [Int32]
    let averageTokenCount: Double
    /// Row `position` holds that chunk's vector; nil for a lexical-only index.
    let matrix: VectorMatrix?

    var count: Int { chunkIDs.count }

    /// The position of `chunkID`, if it is served.
    func position(of chunkID: Int64) -> Int? {
        var low = 0, high = chunkIDs.count
        while low < high {
            let mid = (low + high) / 2
            if chunkIDs[mid] < chunkID { low = mid + 1 } else { high = mid }
        }
        return low < chunkIDs.count && chunkIDs[low] == chunkID ? low : nil
    }

    func document(at position: Int) -> Document { documents[Int(documentIndex[position])] }

    /// Per document: in force on the filters' date and matching them. Searches mostly repeat the
    /// same filters (today, no restriction), so the last answer is kept.
    func acceptedDocuments(_ filters: SearchFilters) -> [Bool] {
        if let last = lastAccepted.value.withLock({ $0 }), last.filters == filters { return last.accepted }
        let allowed = filters.documentIDs.map(Set.init)
        let accepted = documents.indices.map { index in
            documents[index].effective <= filters.date && (documents[index].repealed.map { $0 > filters.date } ?? true)
                && (allowed?.contains(documents[index].id) ?? true) && (filters.issuer.map { $0 == documents[index].issuer } ?? true)
        }
        lastAccepted.value.withLock { $0 = (filters, accepted) }
        return accepted
    }

    private let lastAccepted = LastAccepted()

    /// Postings of tokens searched at this index version.
    let postingsCache = PostingsCache()
    /// Hit rows read at this index version.
    let hitCache = HitCache()

    private final class LastAccepted: Sendable {
        let value = Mutex<(filters: SearchFilters, accepted: [Bool])?>(nil)
    }

    /// Reads the served chunks; with `dimension`, their vectors too (a chunk stored without one
    /// gets zeros, which no query can match).
    static func load(_ db: Database, dimension: Int?) throws -> ServedChunks {
        var documents: [Document] = []
        var documentNumber: [String: Int32] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT id, version, title, issuer, effective, repealed FROM documents WHERE status = 'current' ORDER BY id
            """) {
            let id: String = row["id"], version: String = row["version"]
            documentNumber[id + "@" + version] = Int32(documents.count)
            documents.append(Document(id: id, version: version, title: row["title"], issuer: row["issuer"], effective: row["effective"], repealed: row["repealed"]))
        }
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunks WHERE served = 1") ?? 0
        var chunkIDs: [Int64] = []
        var documentIndex: [Int32] = []
        var vectors: [Float] = []
        chunkIDs.reserveCapacity(count)
        documentIndex.reserveCapacity(count)
        if let dimension { vectors.reserveCapacity(count * dimension) }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, doc_id, version\(dimension == nil ? "" : ", vector") FROM chunks WHERE served = 1 ORDER BY id
            """)
        while let row = try rows.next() {
            let documentID: String = row["doc_id"], version: String = row["version"]
            guard let number = documentNumber[documentID + "@" + version] else { continue }
            chunkIDs.append(row["id"])
            documentIndex.append(number)
            if let dimension {
                let blob: Data? = row["vector"]
                if let blob {
                    guard blob.count == dimension * MemoryLayout<Float>.size else {
                        throw RetrievalError.embedderMismatch(index: "\(blob.count / MemoryLayout<Float>.size)-dimension vectors",
                                                              requested: "\(dimension)-dimension vectors")
                    }
                    blob.withUnsafeBytes { vectors.append(contentsOf: $0.bindMemory(to: Float.self)) }
                } else {
                    vectors.append(contentsOf: repeatElement(0, count: dimension))
                }
            }
        }
        // Token counts straight from the FTS5 rows: tokens are single-space separated.
        var tokenCounts = [Int32](repeating: 0, count: chunkIDs.count)
        var total = 0
        let lengths = try Row.fetchCursor(db, sql: """
            SELECT rowid, CASE WHEN tokens = '' THEN 0 ELSE length(tokens) - length(replace(tokens, ' ', '')) + 1 END AS n
            FROM chunks_fts
            """)
        let probe = ServedChunks(indexVersion: 0, chunkIDs: chunkIDs, documentIndex: [], documents: [], tokenCounts: [], averageTokenCount: 0, matrix: nil)
        while let row = try lengths.next() {
            guard let position = probe.position(of: row["rowid"]) else { continue }
            let tokens: Int = row["n"]
            tokenCounts[position] = Int32(tokens)
            total += tokens
        }
        return ServedChunks(indexVersion: try Int.fetchOne(db, sql: "SELECT MAX(version) FROM index_versions") ?? 0,
                            chunkIDs: chunkIDs, documentIndex: documentIndex, documents: documents, tokenCounts: tokenCounts,
                            averageTokenCount: chunkIDs.isEmpty ? 0 : Double(total) / Double(chunkIDs.count),
                            matrix: dimension.map { VectorMatrix(dimension: $0, rowMajor: vectors) })
    }
}
