import AuditTrail

extension AuditLog {
    /// Appends `entry`, or, when the log cannot take it, refuses the request with 503
    /// `audit_unavailable` and `refusal` as the message: no result leaves the gateway unaudited.
    func recordOrRefuse(_ entry: AuditEntry, refusal: String) async throws(OpenAIError) -> AuditEntry {
        do {
            return try await append(entry)
        } catch {
            throw OpenAIError(status: 503, type: "server_error", code: "audit_unavailable", message: refusal)
        }
    }
}
