/// One clause returned by a search: what an answer may cite.
public struct RetrievalHit: Sendable, Equatable, Codable {
    /// Machine citation key: `<doc id>@<version>#<clause path>`, e.g. `pipl@05be806ab2cf#第二章/第二十八条`.
    public var citationKey: String
    public var documentID: String
    /// Version of the document: the first 12 hex digits of its source's SHA-256.
    public var version: String
    public var title: String
    public var clausePath: String
    public var articleNumber: Int
    /// 之一 → 1 for 第十条之一.
    public var articleSub: Int?
    /// The paragraph (款) when the hit is one paragraph of a long article.
    public var paragraph: Int?
    /// Human citation, `《title》第二十八条` or `《title》第十二条第二款`.
    public var citation: String
    public var text: String
    public var issuer: String
    public var effective: String
    public var repealed: String?
    /// Fused score (higher is better); exact references score above every search hit.
    public var score: Double
    /// BM25 of the lexical match (higher is better; FTS5's `bm25()` reports the same value negated), when there was one.
    public var lexicalScore: Double?
    /// Cosine similarity of the vector match, when there was one.
    public var vectorScore: Double?
    /// `reference` (named explicitly in the question) or `search`.
    public var matchedBy: String
    public var indexVersion: Int

    public init(citationKey: String, documentID: String, version: String, title: String, clausePath: String,
                articleNumber: Int, articleSub: Int? = nil, paragraph: Int? = nil, citation: String, text: String,
                issuer: String = "", effective: String, repealed: String? = nil, score: Double, lexicalScore: Double? = nil,
                vectorScore: Double? = nil, matchedBy: String = "search", indexVersion: Int) {
        self.citationKey = citationKey
        self.documentID = documentID
        self.version = version
        self.title = title
        self.clausePath = clausePath
        self.articleNumber = articleNumber
        self.articleSub = articleSub
        self.paragraph = paragraph
        self.citation = citation
        self.text = text
        self.issuer = issuer
        self.effective = effective
        self.repealed = repealed
        self.score = score
        self.lexicalScore = lexicalScore
        self.vectorScore = vectorScore
        self.matchedBy = matchedBy
        self.indexVersion = indexVersion
    }

    enum CodingKeys: String, CodingKey {
        case citationKey = "citation_key", documentID = "doc_id", version, title, clausePath = "clause"
        case articleNumber = "article", articleSub = "article_sub", paragraph, citation, text, issuer, effective, repealed
        case score, lexicalScore = "bm25", vectorScore = "cosine", matchedBy = "matched_by", indexVersion = "index_version"
    }
}

/// Which clauses a search may return.
public struct SearchFilters: Sendable, Equatable {
    /// Only documents in force on this date (`YYYY-MM-DD`): effective on or before it, not repealed by it.
    public var date: String
    /// Only these documents, when set.
    public var documentIDs: [String]?
    /// Only documents from this issuer, when set.
    public var issuer: String?

    public init(date: String = RegulationIndex.today(), documentIDs: [String]? = nil, issuer: String? = nil) {
        self.date = date
        self.documentIDs = documentIDs
        self.issuer = issuer
    }
}
