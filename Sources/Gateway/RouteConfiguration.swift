/// A route: what one `model` name in the API means. The foundation has one kind of route, served by
/// the embedded extractive responder.
public struct RouteConfiguration: Sendable, Codable, Equatable {
    /// The name clients send as `model`.
    public var name: String
    /// How many clauses retrieval returns.
    public var topK: Int
    /// Whether an answer that cites no retrieved clause is blocked.
    public var requireCitations: Bool
    /// Whether the client's answer gets the user's own values back where the policy masked them
    /// with the `vault` operator (off by default; secrets are never vaulted). The model and the
    /// audit log only ever see the tags.
    public var restoreUserValues: Bool

    public init(name: String, topK: Int = 3, requireCitations: Bool = true, restoreUserValues: Bool = false) {
        self.name = name
        self.topK = topK
        self.requireCitations = requireCitations
        self.restoreUserValues = restoreUserValues
    }

    enum CodingKeys: String, CodingKey {
        case name, topK = "top_k", requireCitations = "require_citations", restoreUserValues = "restore_user_values"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        topK = try container.decodeIfPresent(Int.self, forKey: .topK) ?? 3
        requireCitations = try container.decodeIfPresent(Bool.self, forKey: .requireCitations) ?? true
        restoreUserValues = try container.decodeIfPresent(Bool.self, forKey: .restoreUserValues) ?? false
    }
}
