/// Any JSON value, for request fields Hegui only needs to look at (is `tools` set? is
/// `response_format` `{"type": "text"}`?) without modelling their whole shape.
public indirect enum JSONValue: Sendable, Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// `null`, `[]` or `{}`: what a client sends for "none of these".
    public var isEmptyOrNull: Bool {
        switch self {
        case .null: true
        case let .array(values): values.isEmpty
        case let .object(members): members.isEmpty
        default: false
        }
    }

    /// The member `key` of an object; nil for anything else.
    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members[key] }
        return nil
    }
}
