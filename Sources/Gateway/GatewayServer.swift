import AnswerChecks
import AuditTrail
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Masking
import Models
import Retrieval

/// The HTTP face of Hegui: OpenAI-compatible endpoints in front of the exchange pipeline.
///
/// | endpoint | what |
/// |---|---|
/// | `GET /healthz` | liveness: `{"status":"ok"}` |
/// | `GET /metrics` | Prometheus metrics (counts and durations only), see ``GatewayMetrics`` |
/// | `GET /v1/models` | the routes the caller's key may use (audited as `models_list`) |
/// | `POST /v1/chat/completions` | one audited, masked, checked exchange; `stream: true` answers as server-sent events through the streaming guard |
/// | `POST /v1/embeddings` | the route's embedding backend, on masked inputs |
/// | `GET /v1/audit/…` | officers' reads of the audit log, see ``AuditEndpoints`` |
/// | `POST /v1/index/…` | search the regulation index; admins upload documents, see ``IndexEndpoints`` |
/// | `POST /v1/scrub` | scrub a batch of fine-tuning records (data and admin keys), see ``ScrubEndpoints`` |
public struct GatewayServer: Sendable {
    /// Response header carrying the audit entry's id.
    public static let auditIDHeader = HTTPField.Name("Hegui-Audit-Id")!

    public let configuration: GatewayConfiguration
    public let pipeline: ExchangePipeline
    public let keys: APIKeyStore
    /// The audit log: appends, checkpoints, proofs and officer reads.
    public let audit: AuditLog
    /// Policy and keys for `POST /v1/scrub`; without it that endpoint answers 503.
    public let scrub: ScrubService?
    /// Per-key token buckets.
    let limiter = RateLimiter()

    public init(configuration: GatewayConfiguration, pipeline: ExchangePipeline, keys: APIKeyStore, audit: AuditLog, scrub: ScrubService? = nil) {
        self.configuration = configuration
        self.pipeline = pipeline
        self.keys = keys
        self.audit = audit
        self.scrub = scrub
    }

    /// Opens the index, audit log and key store in `data` and wires the pipeline with the embedded
    /// extractive responder.
    public static func open(data: DataDirectory, configuration: GatewayConfiguration) throws -> GatewayServer {
        guard FileManager.default.fileExists(atPath: data.indexPath) else {
            throw ConfigurationError(path: data.indexPath, problem: "no regulation index: run 'hegui index sync DIR --data \(data.path)' first")
        }
        try data.prepare()
        // Requests already run in parallel; OpenBLAS's own threads would only spin against them.
        BLASThreads.limit(to: 1)
        let metrics = GatewayMetrics()
        let audit = try data.openAuditLog(checkpointEvery: configuration.audit.checkpointEvery, commitObserver: metrics.observeCommit)
        let policy: MaskingPolicy
        do {
            policy = try MaskingPolicy.load(directory: configuration.policy)
        } catch {
            throw ConfigurationError(path: configuration.policy, problem: "PII policy does not load:\n\(error)")
        }
        let pseudonymKey = policy.needsPseudonymKey ? try PseudonymKey.fromEnvironment() : try? PseudonymKey.fromEnvironment()
        let masker = try policy.masker(pseudonymKey: policy.needsPseudonymKey ? pseudonymKey : nil)
        let answers: AnswerPolicy
        do { answers = try AnswerPolicy.load(directory: configuration.policy) } catch {
            throw ConfigurationError(path: configuration.policy, problem: "answer rules do not load: \(error)")
        }
        var routeBackends: [String: RouteBackends] = [:]
        for route in configuration.routes { routeBackends[route.name] = try GatewayServer.backends(for: route) }
        // Routes with a policy folder of their own: each folder loaded once, refused at start-up if it does not load.
        var policiesByFolder: [String: RoutePolicy] = [:]
        var routePolicies: [String: RoutePolicy] = [:]
        for route in configuration.routes {
            guard let folder = route.policy, folder != configuration.policy else { continue }
            if policiesByFolder[folder] == nil {
                do {
                    let routePolicy = try MaskingPolicy.load(directory: folder)
                    let key = routePolicy.needsPseudonymKey ? try PseudonymKey.fromEnvironment() : nil
                    policiesByFolder[folder] = RoutePolicy(masker: try routePolicy.masker(pseudonymKey: key), digest: routePolicy.digest,
                                                           checker: try AnswerPolicy.load(directory: folder).exchangeChecker)
                } catch {
                    throw ConfigurationError(path: folder, problem: "route '\(route.name)': its policy does not load:\n\(error)")
                }
            }
            routePolicies[route.name] = policiesByFolder[folder]
        }
        let index = try RegulationIndex(path: data.indexPath)
        // Loads the served chunks and vectors before the first request; should that fail (an index
        // built with another embedder), searches report the same error, and citation routes refuse.
        try? index.warm()
        let pipeline = ExchangePipeline(masker: masker, policyDigest: policy.digest, index: index,
                                        backend: ExtractiveResponder(), checker: answers.exchangeChecker, log: audit,
                                        routeBackends: routeBackends, metrics: metrics, routePolicies: routePolicies)
        return GatewayServer(configuration: configuration, pipeline: pipeline, keys: try APIKeyStore(path: data.apiKeysPath), audit: audit,
                             scrub: ScrubService(policy: policy, answers: answers, pseudonymKey: pseudonymKey))
    }

    /// The backends a route's configuration names.
    static func backends(for route: RouteConfiguration) throws -> RouteBackends {
        var template = PromptTemplate.standard
        if let path = route.promptTemplate {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigurationError(path: path, problem: "route '\(route.name)': prompt_template cannot be read")
            }
            guard text.contains("{{clauses}}") else {
                throw ConfigurationError(path: path, problem: "route '\(route.name)': prompt_template has no {{clauses}} placeholder for the retrieved clauses")
            }
            template = PromptTemplate(text: text)
        }
        func backend(_ configuration: BackendConfiguration) -> any ChatBackend {
            switch configuration.kind {
            case .extractive: ExtractiveResponder()
            case .upstream: UpstreamChatBackend(configuration: configuration, template: template)
            }
        }
        var embedder: (any Embedder)?
        if let embeddings = route.embeddings {
            switch embeddings.kind {
            case .hashed: embedder = HashedNgramEmbedder(dimension: embeddings.dimension)
            case .upstream: embedder = OpenAIEmbeddingClient(baseURL: embeddings.url ?? "", model: embeddings.model ?? "", dimension: embeddings.dimension)
            }
        }
        return RouteBackends(primary: backend(route.backend), fallback: route.fallbackBackend.map(backend), embedder: embedder)
    }

    /// The Hummingbird application, listening on the configured host and port (port 0 picks a free one).
    public func application(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                           serverName: "hegui"),
                    services: [CheckpointService(log: audit, interval: .seconds(configuration.audit.checkpointSeconds), logger: logger)],
                    onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
                    logger: logger)
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RefusalAuditMiddleware(audit: audit, keys: keys, metrics: pipeline.metrics))
        router.get("metrics") { _, _ in
            let depth = await audit.queueDepth
            let text = pipeline.metrics?.exposition(auditQueueDepth: depth) ?? []
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
        router.get("healthz") { _, _ in JSONResponse.make(["status": "ok"]) }
        router.get("v1/models") { request, _ in
            let principal = try authenticate(request)
            let created = Int(Date().timeIntervalSince1970)
            let models = configuration.routes.filter { principal.routes.contains($0.name) }
                .map { ModelList.Model(id: $0.name, created: created) }
            let recorded = try await audit.recordOrRefuse(
                .event(kind: "models_list", by: principal, time: AuditLog.nowTimestamp(),
                       details: ["routes": models.map(\.id).joined(separator: ",")]),
                refusal: "this request could not be recorded in the audit log, so it is refused")
            return JSONResponse.make(ModelList(data: models), headers: [GatewayServer.auditIDHeader: recorded.id])
        }
        router.post("v1/chat/completions") { request, context in
            try await chatCompletion(request, context: context)
        }
        AuditEndpoints(audit: audit, authenticate: { try authenticate($0) }).register(on: router)
        EmbeddingsEndpoint(configuration: configuration, pipeline: pipeline, audit: audit,
                           authenticate: { try authenticate($0) }).register(on: router)
        ScrubEndpoints(service: scrub, audit: audit, maxBodyBytes: configuration.maxBodyBytes,
                       authenticate: { try authenticate($0) }).register(on: router)
        IndexEndpoints(index: pipeline.index, masker: pipeline.masker, policyDigest: pipeline.policyDigest, audit: audit,
                       maxBodyBytes: configuration.maxBodyBytes,
                       authenticate: { try authenticate($0) }).register(on: router)
        return router
    }

    private func chatCompletion(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let principal = try authenticate(request)
        let body = try ChatCompletionRequest(json: try await RequestBody.bytes(of: request, upTo: configuration.maxBodyBytes))
        guard let route = configuration.routes.first(where: { $0.name == body.model }) else {
            throw OpenAIError(status: 404, type: "invalid_request_error", code: "model_not_found",
                              message: "no route named '\(body.model)'; GET /v1/models lists the routes your key may use", param: "model")
        }
        guard principal.routes.contains(route.name) else {
            throw OpenAIError(status: 403, type: "permission_error", code: "route_not_allowed",
                              message: "this API key may not use route '\(route.name)'", param: "model")
        }
        guard !body.messages.isEmpty else {
            throw OpenAIError.invalidRequest("missing_messages", "messages must not be empty", param: "messages")
        }
        try body.refuseUnsupportedFeatures()
        let sampling = try body.sampling()
        if body.stream == true {
            let exchange = try await pipeline.startStreaming(messages: body.messages, principal: principal, route: route, sampling: sampling)
            return SSEStream.response(for: exchange, model: route.name, includeUsage: body.stream_options?.include_usage == true,
                                      logger: context.logger)
        }
        let outcome = try await pipeline.run(messages: body.messages, principal: principal, route: route, sampling: sampling)
        context.logger.info("exchange", metadata: [
            "audit_id": .string(outcome.audit.id), "route": .string(route.name),
            "verdict": .string(outcome.audit.verdict), "findings": .string("\(outcome.audit.findingCounts.values.reduce(0, +))"),
        ])
        // Usage counts code points (a Chinese character is one): counting grapheme clusters walked
        // every string a second time for the same figure.
        let promptCharacters = body.messages.reduce(0) { $0 + $1.content.unicodeScalars.count }
        let answerCharacters = outcome.answer.unicodeScalars.count
        let response = ChatCompletionResponse(
            id: "chatcmpl-" + outcome.audit.id, created: Int(Date().timeIntervalSince1970), model: outcome.model,
            choices: [.init(index: 0, message: ChatMessage(role: "assistant", content: outcome.answer), finish_reason: outcome.finishReason)],
            usage: .init(prompt_tokens: promptCharacters, completion_tokens: answerCharacters,
                         total_tokens: promptCharacters + answerCharacters))
        return JSONResponse.make(json: response.jsonBody, headers: [GatewayServer.auditIDHeader: outcome.audit.id])
    }

    /// `Authorization: Bearer <key>` → principal, or a 401 in OpenAI's shape.
    private func authenticate(_ request: Request) throws -> Principal {
        guard let key = APIKeyStore.bearerKey(in: request.headers[.authorization]) else {
            throw OpenAIError(status: 401, type: "invalid_request_error", code: "missing_api_key",
                              message: "send your API key as 'Authorization: Bearer <key>'")
        }
        guard let principal = try keys.authenticate(key) else {
            throw OpenAIError(status: 401, type: "invalid_request_error", code: "invalid_api_key",
                              message: "the API key is not valid")
        }
        var limit = configuration.rateLimit
        if let own = principal.requestsPerSecond { limit = RateLimiter.Limit(requestsPerSecond: own, burst: max(1, own * 2)) }
        // The bucket is the key's (its id, already computed when the key was authenticated).
        if let wait = limiter.acquire(key: principal.keyID ?? APIKeyStore.hash(key), limit: limit) {
            var error = OpenAIError(status: 429, type: "rate_limit_error", code: "rate_limit_exceeded",
                                    message: "this API key is limited to \(limit.requestsPerSecond) requests per second (bursts of \(Int(limit.burst))); retry after \(wait) s")
            error.retryAfter = wait
            throw error
        }
        return principal
    }

    /// Collects at most `maxBodyBytes`, checks UTF-8 and decodes JSON, each failure a specific 4xx.
    private func decodeBody<T: Decodable>(_ request: Request) async throws -> T {
        let bytes = try await RequestBody.bytes(of: request, upTo: configuration.maxBodyBytes)
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let DecodingError.dataCorrupted(context) {
            throw OpenAIError.invalidRequest("invalid_json", "request body is not valid JSON: \(GatewayServer.describe(context))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw OpenAIError.invalidRequest("missing_field", "missing field '\(GatewayServer.path(context.codingPath + [key]))'", param: key.stringValue)
        } catch let DecodingError.typeMismatch(_, context) {
            throw OpenAIError.invalidRequest("invalid_field", "field '\(GatewayServer.path(context.codingPath))' has the wrong type: \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw OpenAIError.invalidRequest("invalid_field", "field '\(GatewayServer.path(context.codingPath))' is null")
        } catch {
            throw OpenAIError.invalidRequest("invalid_json", "request body is not valid JSON")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    static func describe(_ context: DecodingError.Context) -> String {
        let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
        return underlying ?? context.debugDescription
    }
}
