/// One message of a conversation, as the OpenAI chat format carries it. Content reaching a backend
/// is always already masked.
public struct ChatMessage: Sendable, Equatable, Codable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}
