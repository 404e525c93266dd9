import Foundation
import Yams

/// Settings for `hegui serve`, read from a YAML file (see `Deploy/hegui.yaml`); flags override them.
public struct GatewayConfiguration: Sendable, Codable, Equatable {
    public var host: String
    public var port: Int
    /// Largest accepted request body, in bytes; larger bodies get 413.
    public var maxBodyBytes: Int
    public var routes: [RouteConfiguration]
    public var audit: AuditSettings
    /// Folder of PII policy files (`pii/*.yaml`), relative to the working directory unless absolute.
    public var policy: String
    /// Each API key's token bucket, unless the key has its own rate.
    public var rateLimit: RateLimiter.Limit

    /// When checkpoints are signed.
    public struct AuditSettings: Sendable, Codable, Equatable {
        /// Sign a checkpoint once this many entries were appended since the last one.
        public var checkpointEvery: Int
        /// …or once this many seconds passed with new entries. A checkpoint is also signed at shutdown.
        public var checkpointSeconds: Int

        public init(checkpointEvery: Int = 1000, checkpointSeconds: Int = 60) {
            self.checkpointEvery = checkpointEvery
            self.checkpointSeconds = checkpointSeconds
        }

        enum CodingKeys: String, CodingKey {
            case checkpointEvery = "checkpoint_every", checkpointSeconds = "checkpoint_seconds"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            checkpointEvery = try container.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? 1000
            checkpointSeconds = try container.decodeIfPresent(Int.self, forKey: .checkpointSeconds) ?? 60
        }
    }

    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 1 << 20,
                routes: [RouteConfiguration] = [RouteConfiguration(name: "cs", embeddings: EmbeddingConfiguration(kind: .hashed))], audit: AuditSettings = AuditSettings(),
                policy: String = "Policies", rateLimit: RateLimiter.Limit = RateLimiter.Limit(requestsPerSecond: 50, burst: 100)) {
        self.policy = policy
        self.rateLimit = rateLimit
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.routes = routes
        self.audit = audit
    }

    enum CodingKeys: String, CodingKey {
        case host, port, maxBodyBytes = "max_body_bytes", routes, audit, policy, rateLimit = "rate_limit"
    }

    public init(from decoder: any Decoder) throws {
        let defaults = GatewayConfiguration()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? defaults.host
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? defaults.port
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? defaults.maxBodyBytes
        routes = try container.decodeIfPresent([RouteConfiguration].self, forKey: .routes) ?? defaults.routes
        audit = try container.decodeIfPresent(AuditSettings.self, forKey: .audit) ?? defaults.audit
        policy = try container.decodeIfPresent(String.self, forKey: .policy) ?? defaults.policy
        rateLimit = try container.decodeIfPresent(RateLimiter.Limit.self, forKey: .rateLimit) ?? defaults.rateLimit
    }

    /// Reads a YAML configuration file; the error names the file and what is wrong.
    public static func load(path: String) throws -> GatewayConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError(path: path, problem: "cannot read the file (missing, unreadable or not UTF-8)")
        }
        let configuration: GatewayConfiguration
        do {
            configuration = try YAMLDecoder().decode(GatewayConfiguration.self, from: text)
        } catch {
            throw ConfigurationError(path: path, problem: "\(error)")
        }
        if configuration.routes.isEmpty {
            throw ConfigurationError(path: path, problem: "'routes' is empty: define at least one route")
        }
        var problems: [String] = []
        var seen: Set<String> = []
        for route in configuration.routes {
            if !seen.insert(route.name).inserted { problems.append("route '\(route.name)' is defined twice") }
            if route.topK < 1 || route.topK > 50 { problems.append("route '\(route.name)': top_k must be between 1 and 50") }
            problems += route.backend.problems().map { "route '\(route.name)': backend: \($0)" }
            problems += (route.fallbackBackend?.problems() ?? []).map { "route '\(route.name)': fallback_backend: \($0)" }
            if let embeddings = route.embeddings {
                if embeddings.kind == .upstream && (embeddings.url?.hasPrefix("http://") != true || (embeddings.model ?? "").isEmpty) {
                    problems.append("route '\(route.name)': embeddings: an upstream embedder needs an http:// url and a model")
                }
                if embeddings.dimension < 1 { problems.append("route '\(route.name)': embeddings.dimension must be positive") }
            }
        }
        if !(configuration.rateLimit.requestsPerSecond > 0) || configuration.rateLimit.burst < 1 {
            problems.append("rate_limit: requests_per_second must be positive and burst at least 1")
        }
        if !problems.isEmpty { throw ConfigurationError(path: path, problem: problems.joined(separator: "; ")) }
        if configuration.audit.checkpointEvery < 1 || configuration.audit.checkpointSeconds < 1 {
            throw ConfigurationError(path: path, problem: "audit.checkpoint_every and audit.checkpoint_seconds must be at least 1")
        }
        return configuration
    }
}

/// A configuration file that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var description: String { "configuration \(path): \(problem)" }
}
