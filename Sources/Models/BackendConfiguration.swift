/// How a route reaches its model, from the route's `backend:` (or `fallback_backend:`) in the
/// gateway configuration.
///
/// ```yaml
/// backend:
///   kind: upstream                      # or: extractive (the embedded responder)
///   url: http://127.0.0.1:8000/v1       # any OpenAI-compatible server: vLLM, llama.cpp, TGI…
///   model: Qwen2.5-7B-Instruct          # the base model
///   adapter: {name: cs-lora, version: "2026-11-01", style: vllm}   # or style: llamacpp, id: 0, scale: 1.0
///   timeout_seconds: 30
///   retries: 2                          # on connection errors and 5xx, with backoff
///   api_key_env: UPSTREAM_API_KEY       # optional: the environment variable holding its key
///   temperature: 0.2                    # optional: used when a request sets none
///   max_tokens: 1024                    # optional: the default, and the ceiling for what a request asks
/// ```
public struct BackendConfiguration: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case upstream, extractive
    }

    public var kind: Kind
    /// Base URL up to and including `/v1`.
    public var url: String?
    /// The base model's name on the server.
    public var model: String?
    public var adapter: AdapterConfiguration?
    public var timeoutSeconds: Double
    public var retries: Int
    public var apiKeyEnvironment: String?
    /// Sent when the client sets no `temperature` of its own.
    public var temperature: Double?
    /// Sent when the client asks for no limit, and the most a client may ask for.
    public var maxTokens: Int?

    public init(kind: Kind, url: String? = nil, model: String? = nil, adapter: AdapterConfiguration? = nil,
                timeoutSeconds: Double = 30, retries: Int = 2, apiKeyEnvironment: String? = nil,
                temperature: Double? = nil, maxTokens: Int? = nil) {
        self.kind = kind
        self.url = url
        self.model = model
        self.adapter = adapter
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.apiKeyEnvironment = apiKeyEnvironment
        self.temperature = temperature
        self.maxTokens = maxTokens
    }

    public static let extractive = BackendConfiguration(kind: .extractive)

    enum CodingKeys: String, CodingKey {
        case kind, url, model, adapter, timeoutSeconds = "timeout_seconds", retries, apiKeyEnvironment = "api_key_env"
        case temperature, maxTokens = "max_tokens"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        adapter = try container.decodeIfPresent(AdapterConfiguration.self, forKey: .adapter)
        timeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 30
        retries = try container.decodeIfPresent(Int.self, forKey: .retries) ?? 2
        apiKeyEnvironment = try container.decodeIfPresent(String.self, forKey: .apiKeyEnvironment)
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        maxTokens = try container.decodeIfPresent(Int.self, forKey: .maxTokens)
    }

    /// Problems that would only show at the first request, found at start-up instead.
    public func problems() -> [String] {
        var found: [String] = []
        if kind == .upstream {
            if url?.hasPrefix("http://") != true { found.append("url must be an http:// URL ending in /v1 (got \(url ?? "nothing"))") }
            if (model ?? "").isEmpty { found.append("model: name the base model") }
            if timeoutSeconds <= 0 { found.append("timeout_seconds must be positive") }
            if retries < 0 || retries > 10 { found.append("retries must be between 0 and 10") }
            if let temperature, !(0...2).contains(temperature) { found.append("temperature must be between 0 and 2 (got \(temperature))") }
            if let maxTokens, maxTokens < 1 { found.append("max_tokens must be at least 1 (got \(maxTokens))") }
            if let adapter {
                if adapter.name.isEmpty { found.append("adapter.name is empty") }
                if adapter.version.isEmpty { found.append("adapter.version: record which version of the adapter is deployed") }
            }
        }
        return found
    }
}

/// The LoRA adapter a route's model uses, and how the server selects it.
public struct AdapterConfiguration: Sendable, Codable, Equatable {
    public enum Style: String, Sendable, Codable {
        /// vLLM serves each adapter as its own model name (`--lora-modules name=path`): sent as `model`.
        case vllm
        /// llama.cpp's server takes adapters per request: `"lora": [{"id": 0, "scale": 1.0}]`.
        case llamacpp
    }

    public var name: String
    /// The deployed version or digest, recorded in every audit entry.
    public var version: String
    public var style: Style
    public var id: Int
    public var scale: Double

    public init(name: String, version: String, style: Style, id: Int = 0, scale: Double = 1) {
        self.name = name
        self.version = version
        self.style = style
        self.id = id
        self.scale = scale
    }

    enum CodingKeys: String, CodingKey { case name, version, style, id, scale }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        version = try container.decode(String.self, forKey: .version)
        style = try container.decodeIfPresent(Style.self, forKey: .style) ?? .vllm
        id = try container.decodeIfPresent(Int.self, forKey: .id) ?? 0
        scale = try container.decodeIfPresent(Double.self, forKey: .scale) ?? 1
    }

    /// `cs-lora@2026-11-01`, as recorded in audit entries.
    public var label: String { "\(name)@\(version)" }
}
