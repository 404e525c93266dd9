/// A route: what one `model` name in the API means. The foundation has one kind of route, served by
/// the embedded extractive responder.
public struct RouteConfiguration: Sendable, Codable, Equatable {
    /// The name clients send as `model`.
    public var name: String
    /// How many clauses retrieval returns.
    public var topK: Int
    /// Whether an answer that cites no retrieved clause is blocked.
    public var requireCitations: Bool

    public init(name: String, topK: Int = 3, requireCitations: Bool = true) {
        self.name = name
        self.topK = topK
        self.requireCitations = requireCitations
    }

    enum CodingKeys: String, CodingKey {
        case name, topK = "top_k", requireCitations = "require_citations"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        topK = try container.decodeIfPresent(Int.self, forKey: .topK) ?? 3
        requireCitations = try container.decodeIfPresent(Bool.self, forKey: .requireCitations) ?? true
    }
}
