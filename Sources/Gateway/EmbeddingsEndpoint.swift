import AuditTrail
import Foundation
import Hummingbird
import Masking
import Retrieval

/// `POST /v1/embeddings`: the inputs are masked, then embedded by the route's embedding backend.
/// Answers in OpenAI's shape, as floats or (what the Python SDK asks for by default) base64 of
/// little-endian float32. Each call is audited as `embeddings` with the masked inputs' findings.
struct EmbeddingsEndpoint: Sendable {
    let configuration: GatewayConfiguration
    let pipeline: ExchangePipeline
    let audit: AuditLog
    let authenticate: @Sendable (Request) throws -> Principal

    func register(on router: Router<BasicRequestContext>) {
        router.post("v1/embeddings") { request, _ in try await embeddings(request) }
    }

    private func embeddings(_ request: Request) async throws -> Response {
        let principal = try authenticate(request)
        let bytes = try await RequestBody.bytes(of: request, upTo: configuration.maxBodyBytes)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw OpenAIError.invalidRequest("invalid_json", "request body is not a JSON object: expected {\"model\": \"route\", \"input\": \"text\" or [\"text\", …]}")
        }
        guard let model = object["model"] as? String else {
            throw OpenAIError.invalidRequest("missing_field", "missing field 'model' (the route)", param: "model")
        }
        let inputs: [String]
        switch object["input"] {
        case let text as String: inputs = [text]
        case let list as [Any] where list.allSatisfy({ $0 is String }): inputs = list.compactMap { $0 as? String }
        case .some: throw OpenAIError.invalidRequest("invalid_field", "'input' must be a string or a list of strings (token arrays are not accepted: Hegui masks text)", param: "input")
        case nil: throw OpenAIError.invalidRequest("missing_field", "missing field 'input'", param: "input")
        }
        guard !inputs.isEmpty, inputs.count <= 2048 else {
            throw OpenAIError.invalidRequest("invalid_field", "'input' must hold between 1 and 2048 texts", param: "input")
        }
        let format = object["encoding_format"] as? String ?? "float"
        guard format == "float" || format == "base64" else {
            throw OpenAIError.invalidRequest("invalid_field", "'encoding_format' must be float or base64", param: "encoding_format")
        }
        guard let route = configuration.routes.first(where: { $0.name == model }) else {
            throw OpenAIError(status: 404, type: "invalid_request_error", code: "model_not_found",
                              message: "no route named '\(model)'; GET /v1/models lists the routes your key may use", param: "model")
        }
        guard principal.routes.contains(route.name) else {
            throw OpenAIError(status: 403, type: "permission_error", code: "route_not_allowed", message: "this API key may not use route '\(route.name)'", param: "model")
        }
        guard let embedder = pipeline.backends(for: route).embedder else {
            throw OpenAIError.invalidRequest("embeddings_not_configured", "route '\(route.name)' has no embedding backend (embeddings: in its configuration)", param: "model")
        }

        var entry = AuditEntry.event(kind: "embeddings", by: principal, time: AuditLog.nowTimestamp(),
                                     details: ["inputs": String(inputs.count), "embedder": embedder.id])
        entry.route = route.name
        let rules = pipeline.rules(for: route)
        entry.policyDigest = rules.digest
        var masked: [String] = []
        do {
            for input in inputs {
                let result = try rules.masker.mask(input)
                masked.append(result.masked)
                entry.findingCounts.merge(result.countsByType, uniquingKeysWith: +)
            }
        } catch {
            throw OpenAIError(status: 422, type: "invalid_request_error", code: "masking_refused", message: "an input could not be masked and was refused: \(error)")
        }
        entry.maskedInput = masked.joined(separator: "\n")
        let vectors: [[Float]]
        do { vectors = try await embedder.embed(masked) } catch {
            throw OpenAIError(status: 502, type: "server_error", code: "backend_failed", message: "the embedding backend failed: \(error)")
        }
        let stored = try await audit.recordOrRefuse(entry, refusal: "the audit log could not record this request, so no result is given")
        pipeline.metrics?.observe(stored)
        let data: [[String: Any]] = vectors.enumerated().map { index, vector in
            let embedding: Any = format == "base64"
                ? vector.withUnsafeBufferPointer { Data(buffer: $0) }.base64EncodedString()   // little-endian on every supported platform
                : vector.map(Double.init)
            return ["object": "embedding", "index": index, "embedding": embedding]
        }
        let characters = masked.reduce(0) { $0 + $1.count }
        let reply: [String: Any] = ["object": "list", "data": data, "model": route.name,
                                    "usage": ["prompt_tokens": characters, "total_tokens": characters]]
        return Response(status: .ok, headers: [.contentType: "application/json", GatewayServer.auditIDHeader: stored.id],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: reply))))
    }
}
