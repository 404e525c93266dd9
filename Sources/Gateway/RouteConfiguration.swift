import Models

/// A route: what one `model` name in the API means — its retrieval settings, its backend and
/// fallback backend, its prompt template, and what happens when an answer breaks the rules.
public struct RouteConfiguration: Sendable, Codable, Equatable {
    /// What to do with an answer that breaks the answer rules.
    public enum ViolationAction: String, Sendable, Codable {
        /// Ask the model once more, listing the violations; block if the second answer fails too.
        case repair
        /// Answer with the extractive responder from the same retrieved clauses.
        case fallback
        /// Answer with the fixed polite message.
        case block
    }

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
    /// The model behind the route (default: the embedded extractive responder).
    public var backend: BackendConfiguration
    /// Used when the backend cannot be reached after its retries.
    public var fallbackBackend: BackendConfiguration?
    public var onViolation: ViolationAction
    /// A file holding the system prompt, with `{{clauses}}` where the retrieved clauses go.
    public var promptTemplate: String?
    /// The backend for `POST /v1/embeddings` on this route; nil: the route offers no embeddings.
    public var embeddings: EmbeddingConfiguration?
    /// This route's policy folder (`pii/*.yaml`, `answers/*.yaml`); nil: the gateway's `policy`.
    public var policy: String?
    /// Which regulations retrieval may return on this route.
    public var filters: RetrievalFilters?

    public init(name: String, topK: Int = 3, requireCitations: Bool = true, restoreUserValues: Bool = false,
                backend: BackendConfiguration = .extractive, fallbackBackend: BackendConfiguration? = nil,
                onViolation: ViolationAction = .block, promptTemplate: String? = nil, embeddings: EmbeddingConfiguration? = nil,
                policy: String? = nil, filters: RetrievalFilters? = nil) {
        self.policy = policy
        self.filters = filters
        self.name = name
        self.topK = topK
        self.requireCitations = requireCitations
        self.restoreUserValues = restoreUserValues
        self.backend = backend
        self.fallbackBackend = fallbackBackend
        self.onViolation = onViolation
        self.promptTemplate = promptTemplate
        self.embeddings = embeddings
    }

    enum CodingKeys: String, CodingKey {
        case name, topK = "top_k", requireCitations = "require_citations", restoreUserValues = "restore_user_values"
        case backend, fallbackBackend = "fallback_backend", onViolation = "on_violation", promptTemplate = "prompt_template"
        case embeddings, policy, filters
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        topK = try container.decodeIfPresent(Int.self, forKey: .topK) ?? 3
        requireCitations = try container.decodeIfPresent(Bool.self, forKey: .requireCitations) ?? true
        restoreUserValues = try container.decodeIfPresent(Bool.self, forKey: .restoreUserValues) ?? false
        backend = try container.decodeIfPresent(BackendConfiguration.self, forKey: .backend) ?? .extractive
        fallbackBackend = try container.decodeIfPresent(BackendConfiguration.self, forKey: .fallbackBackend)
        onViolation = try container.decodeIfPresent(ViolationAction.self, forKey: .onViolation) ?? .block
        promptTemplate = try container.decodeIfPresent(String.self, forKey: .promptTemplate)
        embeddings = try container.decodeIfPresent(EmbeddingConfiguration.self, forKey: .embeddings)
        policy = try container.decodeIfPresent(String.self, forKey: .policy)
        filters = try container.decodeIfPresent(RetrievalFilters.self, forKey: .filters)
    }
}

/// Retrieval limits of a route: `filters: {doc_ids: [pipl, card-rules], issuer: 中国人民银行}`.
public struct RetrievalFilters: Sendable, Codable, Equatable {
    public var documentIDs: [String]?
    public var issuer: String?

    public init(documentIDs: [String]? = nil, issuer: String? = nil) {
        self.documentIDs = documentIDs
        self.issuer = issuer
    }

    enum CodingKeys: String, CodingKey { case documentIDs = "doc_ids", issuer }
}

/// Where a route's `POST /v1/embeddings` goes.
///
/// ```yaml
/// embeddings: {kind: hashed, dimension: 256}                 # the built-in embedder, offline
/// embeddings: {kind: upstream, url: http://127.0.0.1:8081/v1, model: bge-m3, dimension: 1024}
/// ```
public struct EmbeddingConfiguration: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case hashed, upstream }

    public var kind: Kind
    public var url: String?
    public var model: String?
    public var dimension: Int

    public init(kind: Kind, url: String? = nil, model: String? = nil, dimension: Int = 256) {
        self.kind = kind
        self.url = url
        self.model = model
        self.dimension = dimension
    }

    enum CodingKeys: String, CodingKey { case kind, url, model, dimension }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        dimension = try container.decodeIfPresent(Int.self, forKey: .dimension) ?? 256
    }
}
