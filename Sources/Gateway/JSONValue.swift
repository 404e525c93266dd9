/// Any JSON value, for request fields Hegui only needs to look at (is `tools` set? is
/// `response_format` `{"type": "text"}`?) without modelling their whole shape.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

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
