/// One clause returned by a search: what an answer may cite.
public struct RetrievalHit: Sendable, Equatable, Codable {
    /// Machine citation key: `<doc id>@<sha prefix>#<clause path>`, e.g. `pipl@3f2a9c1e#第三章/第二十八条`.
    public var citationKey: String
    public var documentID: String
    /// Version of the document: the first 12 hex digits of its source's SHA-256.
    public var version: String
    public var title: String
    public var clausePath: String
    public var articleNumber: Int
    /// Human citation, `《title》第二十八条`.
    public var citation: String
    public var text: String
    public var effective: String
    /// Fused score (higher is better).
    public var score: Double
    public var indexVersion: Int

    public init(citationKey: String, documentID: String, version: String, title: String, clausePath: String,
                articleNumber: Int, citation: String, text: String, effective: String, score: Double, indexVersion: Int) {
        self.citationKey = citationKey
        self.documentID = documentID
        self.version = version
        self.title = title
        self.clausePath = clausePath
        self.articleNumber = articleNumber
        self.citation = citation
        self.text = text
        self.effective = effective
        self.score = score
        self.indexVersion = indexVersion
    }

    enum CodingKeys: String, CodingKey {
        case citationKey = "citation_key", documentID = "doc_id", version, title, clausePath = "clause"
        case articleNumber = "article", citation, text, effective, score, indexVersion = "index_version"
    }
}
