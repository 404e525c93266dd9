import AuditTrail
import Foundation
import HTTPTypes
import Hummingbird

/// The compliance officers' HTTP API over the audit log. Only the `officer` and `admin` roles may
/// read, and every read is first appended to the log as an `officer_query` entry: if that append
/// fails, the read is refused.
///
/// | endpoint | what |
/// |---|---|
/// | `GET /v1/audit/entries` | filtered, paged entries: `since`, `until`, `principal`, `key_id`, `route`, `kind`, `verdict`, `entity_type`, `clause`, `after`, `limit`, `format=json|jsonl|csv` |
/// | `GET /v1/audit/entries/{id}/receipt` | a self-contained inclusion receipt |
/// | `GET /v1/audit/checkpoint` | the latest signed checkpoint (signed now if the log grew) |
/// | `GET /v1/audit/consistency?from=N&to=M` | a consistency proof between two tree sizes |
struct AuditEndpoints: Sendable {
    let audit: AuditLog
    let authenticate: @Sendable (Request) throws -> Principal

    func register(on router: Router<BasicRequestContext>) {
        router.get("v1/audit/entries") { request, _ in try await entries(request) }
        router.get("v1/audit/entries/:id/receipt") { request, context in
            try await receipt(request, id: context.parameters.get("id") ?? "")
        }
        router.get("v1/audit/checkpoint") { request, _ in try await checkpoint(request) }
        router.get("v1/audit/consistency") { request, _ in try await consistency(request) }
    }

    /// The caller, if allowed to read the audit log.
    private func officer(_ request: Request) throws -> Principal {
        let principal = try authenticate(request)
        guard principal.role == .officer || principal.role == .admin else {
            throw OpenAIError(status: 403, type: "permission_error", code: "role_not_allowed",
                              message: "reading the audit log needs an officer or admin key; this key has role '\(principal.role.rawValue)'")
        }
        return principal
    }

    /// Appends the read before anything is returned.
    private func record(_ principal: Principal, endpoint: String, details: [String: String]) async throws {
        var facts = details
        facts["endpoint"] = endpoint
        _ = try await audit.recordOrRefuse(.event(kind: "officer_query", by: principal, time: AuditLog.nowTimestamp(), details: facts),
                                           refusal: "this read could not be recorded in the audit log, so it is refused")
    }

    private func entries(_ request: Request) async throws -> Response {
        let principal = try officer(request)
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String? { parameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        func integer(_ name: String) throws -> Int? {
            guard let value = text(name) else { return nil }
            guard let number = Int(value) else {
                throw OpenAIError.invalidRequest("invalid_parameter", "'\(name)' must be an integer, got '\(value)'", param: name)
            }
            return number
        }
        var query = AuditQuery()
        query.since = text("since")
        query.until = text("until")
        query.principal = text("principal")
        query.keyID = text("key_id")
        query.route = text("route")
        query.kind = text("kind")
        query.verdict = text("verdict")
        query.entityType = text("entity_type")
        query.clause = text("clause")
        query.afterSequence = try integer("after")
        if let limit = try integer("limit") {
            guard (1...1000).contains(limit) else {
                throw OpenAIError.invalidRequest("invalid_parameter", "'limit' must be between 1 and 1000", param: "limit")
            }
            query.limit = limit
        }
        let format = text("format") ?? "json"
        guard ["json", "jsonl", "csv"].contains(format) else {
            throw OpenAIError.invalidRequest("invalid_parameter", "'format' must be json, jsonl or csv", param: "format")
        }
        let found = try await audit.store.query(query)
        var details = query.description
        details["results"] = String(found.count)
        details["format"] = format
        try await record(principal, endpoint: "GET /v1/audit/entries", details: details)
        switch format {
        case "csv":
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: AuditExport.csv(found))))
        case "jsonl":
            return Response(status: .ok, headers: [.contentType: "application/x-ndjson"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: AuditExport.jsonLines(found))))
        default:
            // Entries as their exact canonical bytes inside a JSON envelope, plus the paging cursor.
            let items = found.map { String(decoding: $0.leaf, as: UTF8.self) }.joined(separator: ",")
            let next = found.count == query.limit ? found.last.map { String($0.entry.sequence) } ?? "null" : "null"
            let body = #"{"object":"list","data":[\#(items)],"next_after":\#(next)}"#
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
    }

    private func receipt(_ request: Request, id: String) async throws -> Response {
        let principal = try officer(request)
        let receipt: Receipt
        do { receipt = try await audit.receipt(id: id) } catch AuditLogError.unknownEntry {
            throw OpenAIError(status: 404, type: "invalid_request_error", code: "entry_not_found", message: "no audit entry with id \(id)")
        }
        try await record(principal, endpoint: "GET /v1/audit/entries/{id}/receipt", details: ["id": id])
        return JSONResponse.make(receipt)
    }

    private func checkpoint(_ request: Request) async throws -> Response {
        let principal = try officer(request)
        try await record(principal, endpoint: "GET /v1/audit/checkpoint", details: [:])
        guard let checkpoint = try await audit.checkpoint() else {
            throw OpenAIError(status: 404, type: "invalid_request_error", code: "no_checkpoint", message: "the audit log is empty")
        }
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: checkpoint.note)))
    }

    private func consistency(_ request: Request) async throws -> Response {
        let principal = try officer(request)
        let parameters = request.uri.queryParameters
        guard let from = parameters["from"].flatMap({ Int(String($0)) }), let to = parameters["to"].flatMap({ Int(String($0)) }) else {
            throw OpenAIError.invalidRequest("invalid_parameter", "give the two tree sizes as integers: ?from=N&to=M", param: "from")
        }
        let proof: [Data]
        do { proof = try audit.consistencyProof(from: from, to: to) } catch {
            throw OpenAIError.invalidRequest("invalid_parameter", "\(error)", param: "to")
        }
        try await record(principal, endpoint: "GET /v1/audit/consistency", details: ["from": String(from), "to": String(to)])
        struct Body: Encodable {
            var from: Int
            var to: Int
            var proof: [String]
            var from_root: String
            var to_root: String
        }
        return JSONResponse.make(Body(from: from, to: to, proof: proof.map { $0.base64EncodedString() },
                                      from_root: try audit.rootHash(size: from).base64EncodedString(),
                                      to_root: try audit.rootHash(size: to).base64EncodedString()))
    }
}
