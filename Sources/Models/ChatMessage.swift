/// One message of a conversation, as the OpenAI chat format carries it. Content reaching a backend
/// is always already masked.
public struct ChatMessage: Sendable, Equatable, Codable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    enum CodingKeys: String, CodingKey { case role, content }

    private enum PartKeys: String, CodingKey { case type, text }

    /// Decodes `content` in each form the OpenAI SDKs send: a string; an array of content parts,
    /// whose `text` parts are joined with line feeds (LangChain and the SDKs' typed helpers send
    /// this); or `null` (an assistant turn that only called tools), read as empty. A part of any
    /// other type (an image, audio, a file) is refused: Hegui can only mask text, and a part it
    /// cannot check must not reach the model.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(String.self, forKey: .role)
        if try container.decodeNil(forKey: .content) {
            content = ""
        } else if let text = try? container.decode(String.self, forKey: .content) {
            content = text
        } else {
            var parts = try container.nestedUnkeyedContainer(forKey: .content)
            var texts: [String] = []
            while !parts.isAtEnd {
                let part = try parts.nestedContainer(keyedBy: PartKeys.self)
                let type = try part.decode(String.self, forKey: .type)
                guard type == "text" else {
                    throw DecodingError.typeMismatch(String.self, DecodingError.Context(
                        codingPath: part.codingPath,
                        debugDescription: "a content part of type '\(type)' cannot be checked (Hegui masks text only); send text parts or a string"))
                }
                texts.append(try part.decode(String.self, forKey: .text))
            }
            content = texts.joined(separator: "\n")
        }
    }
}
