import AuditTrail
import Hummingbird

/// Records every refused request (bad key, rate limit, malformed body, unknown route…) as a
/// `refusal` audit entry and sends its id back in `Hegui-Audit-Id`. Refusals the exchange pipeline
/// already audited (they carry an id) pass through untouched.
struct RefusalAuditMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let audit: AuditLog
    let keys: APIKeyStore
    let metrics: GatewayMetrics?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch var error as OpenAIError {
            // Already audited, or the audit log itself is what failed.
            guard error.auditID == nil, error.error.code != "audit_unavailable" else { throw error }
            var principal = Principal(name: "unauthenticated", role: .bot, routes: [])
            if let key = APIKeyStore.bearerKey(in: request.headers[.authorization]), let known = try? keys.authenticate(key) {
                principal = known
            }
            let entry = AuditEntry.event(kind: "refusal", by: principal, time: AuditLog.nowTimestamp(), details: [
                "method": request.method.rawValue, "path": request.uri.path, "status": String(error.httpStatus), "code": error.error.code,
            ], verdict: "refused")
            if let stored = try? await audit.append(entry) {
                error.auditID = stored.id
                metrics?.observe(stored)
            }
            throw error
        }
    }
}
