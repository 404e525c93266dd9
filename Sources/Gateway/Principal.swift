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

    public init(name: String, role: Role, routes: [String], requestsPerSecond: Double? = nil) {
        self.name = name
        self.role = role
        self.routes = routes
        self.requestsPerSecond = requestsPerSecond
    }
}
