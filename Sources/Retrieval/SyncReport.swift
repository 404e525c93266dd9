/// What one `index sync` run did.
public struct SyncReport: Sendable, Equatable {
    public var added: [String] = []
    public var changed: [String] = []
    public var unchanged: [String] = []
    public var removed: [String] = []
    /// Files that could not be read, with the reason; the rest of the sync still completed.
    public var skipped: [RegulationParseError] = []
    /// Documents still served at their last good version because their file could not be read.
    public var kept: [KeptDocument] = []
    public var indexVersion: Int = 0
    /// Chunks now served.
    public var clauseCount: Int = 0
    /// Chunks whose vector was computed in this run (the rest were unchanged and kept theirs).
    public var embedded: Int = 0

    public var summary: String {
        "added \(added.count), changed \(changed.count), unchanged \(unchanged.count), removed \(removed.count), skipped \(skipped.count)\(kept.isEmpty ? "" : ", kept \(kept.count)"); index version \(indexVersion), \(clauseCount) clauses served, \(embedded) embedded"
    }
}

/// A document a sync left served because the file it came from could not be read this time.
public struct KeptDocument: Sendable, Equatable {
    public var documentID: String
    /// Why its file (``RegulationParseError/file``) could not be read.
    public var unreadable: RegulationParseError
}

/// Figures about an index, for `hegui index stats`.
public struct IndexStats: Sendable, Equatable, Codable {
    public var indexVersion: Int
    public var currentDocuments: Int
    public var retiredVersions: Int
    public var servedChunks: Int
    public var storedChunks: Int
    public var vectors: Int
    public var embedder: String
    public var dimension: Int
    public var fileBytes: Int
    public var bytesPerChunk: Int

    enum CodingKeys: String, CodingKey {
        case indexVersion = "index_version", currentDocuments = "current_documents", retiredVersions = "retired_versions"
        case servedChunks = "served_chunks", storedChunks = "stored_chunks", vectors, embedder, dimension
        case fileBytes = "file_bytes", bytesPerChunk = "bytes_per_chunk"
    }
}

/// One stored version of a document, for `hegui index show`.
public struct DocumentVersion: Sendable, Equatable, Codable {
    public var id: String
    public var version: String
    public var revision: Int
    /// `current`, `superseded` or `removed`.
    public var status: String
    public var title: String
    public var issuer: String
    public var documentNumber: String
    public var promulgated: String?
    public var effective: String
    public var repealed: String?
    public var supersedes: [String]
    public var source: String
    public var addedIn: Int
    public var retiredIn: Int?

    enum CodingKeys: String, CodingKey {
        case id, version, revision, status, title, issuer, documentNumber = "doc_no", promulgated, effective, repealed
        case supersedes, source, addedIn = "added_in_index_version", retiredIn = "retired_in_index_version"
    }
}
