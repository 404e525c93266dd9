import AuditTrail
import Foundation
import HTTPTypes
import Hummingbird
import Masking
import Retrieval

/// The regulation index over HTTP.
///
/// | endpoint | who | what |
/// |---|---|---|
/// | `POST /v1/index/search` | any key | `{"query", "top", "date", "doc_ids", "issuer"}` → `{"data": [hits]}`; audited as `index_search` with the query masked |
/// | `POST /v1/index/documents?name=FILE.md` | admin | the body is one regulation file (Markdown, text or HTML with front matter); it is added or replaces its earlier version; audited as `index_change` |
struct IndexEndpoints: Sendable {
    let index: RegulationIndex
    /// Masks the query for its audit entry (the search itself is local and uses it as written).
    let masker: Masker
    let policyDigest: String
    let audit: AuditLog
    let maxBodyBytes: Int
    let authenticate: @Sendable (Request) throws -> Principal

    func register(on router: Router<BasicRequestContext>) {
        router.post("v1/index/search") { request, _ in try await search(request) }
        router.post("v1/index/documents") { request, _ in try await upload(request) }
    }

    private struct SearchRequest: Decodable {
        var query: String
        var top: Int?
        var date: String?
        var doc_ids: [String]?
        var issuer: String?
    }

    private func search(_ request: Request) async throws -> Response {
        let principal = try authenticate(request)
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        let body: SearchRequest
        do { body = try JSONDecoder().decode(SearchRequest.self, from: Data(buffer.readableBytesView)) } catch {
            throw OpenAIError.invalidRequest("invalid_json", "expected {\"query\": \"…\", \"top\": 5, \"date\": \"YYYY-MM-DD\", \"doc_ids\": […], \"issuer\": \"…\"}")
        }
        let top = body.top ?? 5
        guard (1...50).contains(top) else { throw OpenAIError.invalidRequest("invalid_parameter", "'top' must be between 1 and 50", param: "top") }
        let filters = SearchFilters(date: body.date ?? RegulationIndex.today(), documentIDs: body.doc_ids, issuer: body.issuer)
        let masked: MaskResult
        do { masked = try masker.mask(body.query) } catch {
            throw OpenAIError(status: 422, type: "invalid_request_error", code: "masking_refused",
                              message: "the query could not be masked for the audit log and was refused: \(error)", param: "query")
        }
        let hits = try await index.search(body.query, top: top, filters: filters)
        var entry = AuditEntry.event(kind: "index_search", by: principal, time: AuditLog.nowTimestamp(), details: [
            "top": String(top), "date": filters.date, "doc_ids": (body.doc_ids ?? []).joined(separator: ","), "issuer": body.issuer ?? "",
        ])
        entry.maskedInput = masked.masked
        entry.findingCounts = masked.countsByType
        entry.policyDigest = policyDigest
        entry.retrievedClauses = hits.map(\.citationKey)
        entry.indexVersion = hits.first?.indexVersion
        let recorded = try await audit.recordOrRefuse(entry, refusal: "the search could not be recorded in the audit log, so no result is given")
        struct Reply: Encodable { var object = "list"; var data: [RetrievalHit] }
        return JSONResponse.make(Reply(data: hits), headers: [GatewayServer.auditIDHeader: recorded.id])
    }

    private func upload(_ request: Request) async throws -> Response {
        let principal = try authenticate(request)
        guard principal.role == .admin else {
            throw OpenAIError(status: 403, type: "permission_error", code: "role_not_allowed",
                              message: "uploading regulations needs an admin key; this key has role '\(principal.role.rawValue)'")
        }
        let name = request.uri.queryParameters["name"].map(String.init) ?? "upload.md"
        guard [".md", ".txt", ".html", ".htm"].contains(where: { name.lowercased().hasSuffix($0) }), !name.contains("/") else {
            throw OpenAIError.invalidRequest("invalid_parameter", "'name' must be a file name ending in .md, .txt or .html", param: "name")
        }
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        let report = try await index.upsert(source: Data(buffer.readableBytesView), name: name)
        if let problem = report.skipped.first {
            throw OpenAIError.invalidRequest("invalid_document", "\(problem)")
        }
        _ = try await audit.recordOrRefuse(.event(kind: "index_change", by: principal, time: AuditLog.nowTimestamp(), details: [
            "source": name, "added": report.added.joined(separator: ","), "changed": report.changed.joined(separator: ","),
            "index_version": String(report.indexVersion),
        ]), refusal: "the document was indexed but the change could not be audited; check the audit log")
        struct Reply: Encodable { var added: [String]; var changed: [String]; var unchanged: [String]; var index_version: Int }
        return JSONResponse.make(Reply(added: report.added, changed: report.changed, unchanged: report.unchanged, index_version: report.indexVersion))
    }
}
