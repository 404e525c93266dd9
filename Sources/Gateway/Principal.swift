import AuditTrail

/// Who is calling, as established from an API key.
public struct Principal: Sendable, Equatable {
    public enum Role: String, Sendable, Codable, CaseIterable {
        case bot, officer, admin, data
    }

    /// Name recorded in audit entries, e.g. `demo-bot`.
    public var name: String
    public var role: Role
    /// Routes this principal may use (each is a `model` name in the OpenAI API).
    public var routes: [String]
    /// This key's own request rate, overriding the gateway's default (`keys create --rate`).
    public var requestsPerSecond: Double?
    /// The id of the API key that authenticated this principal (as `hegui keys list` shows it);
    /// nil for work done from the command line. Audit entries carry it as `details.key_id`, so an
    /// officer can tell which of a principal's keys made a request, and what a revoked key did.
    public var keyID: String?

    public init(name: String, role: Role, routes: [String], requestsPerSecond: Double? = nil, keyID: String? = nil) {
        self.name = name
        self.role = role
        self.routes = routes
        self.requestsPerSecond = requestsPerSecond
        self.keyID = keyID
    }

    /// Audit details naming the key, when there is one.
    var auditDetails: [String: String] { keyID.map { ["key_id": $0] } ?? [:] }
}

extension AuditEntry {
    /// An event entry (``AuditEntry/event(kind:principal:time:details:verdict:)``) made for
    /// `principal`, with its key's id among the details.
    static func event(kind: String, by principal: Principal, time: String, details: [String: String] = [:],
                      verdict: String = "pass") -> AuditEntry {
        .event(kind: kind, principal: principal.name, time: time, details: details.merging(principal.auditDetails) { own, _ in own },
               verdict: verdict)
    }
}
