import Foundation
import JSONCore

/// Typed reading of one JSON object of a request body, with errors that name the field the way
/// clients write it (`messages[0].content`): a missing field is `missing_field`, a wrong type or a
/// `null` where a value is needed is `invalid_field`.
///
/// Built on ``JSONParser``: decoding a chat request this way takes about a sixth of the time
/// `JSONDecoder` took (5 µs against 29 µs for a bot's request with a 500-byte system prompt).
struct JSONFieldReader {
    let members: [JSONMember]
    /// The body the nodes' byte ranges refer to (numbers are read from it).
    let bytes: [UInt8]
    /// This object's path, empty for the body itself.
    let path: String

    init(_ node: JSONNode, bytes: [UInt8], path: String) throws(OpenAIError) {
        guard case let .object(members) = node.kind else { throw JSONFieldReader.wrongType(path, expected: "an object", node) }
        self.members = members
        self.bytes = bytes
        self.path = path
    }

    /// Parses `bytes` as one JSON object.
    static func body(_ bytes: [UInt8]) throws(OpenAIError) -> JSONFieldReader {
        let node: JSONNode
        do { node = try JSONParser.parse(bytes) } catch {
            throw .invalidRequest("invalid_json", "request body is not valid JSON: \(error)")
        }
        guard case .object = node.kind else {
            throw .invalidRequest("invalid_json", "request body must be a JSON object, not \(JSONFieldReader.describe(node))")
        }
        return try JSONFieldReader(node, bytes: bytes, path: "")
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The member `key`, or nil when it is absent or `null`.
    func node(_ key: String) -> JSONNode? {
        guard let node = members.last(where: { $0.key == key })?.value else { return nil }
        if case .null = node.kind { return nil }
        return node
    }

    func contains(_ key: String) -> Bool { members.contains { $0.key == key } }

    /// The member `key`, which must be there and not `null`.
    func required(_ key: String) throws(OpenAIError) -> JSONNode {
        guard contains(key) else { throw .invalidRequest("missing_field", "missing field '\(fieldPath(key))'", param: fieldPath(key)) }
        guard let node = node(key) else { throw .invalidRequest("invalid_field", "field '\(fieldPath(key))' is null", param: fieldPath(key)) }
        return node
    }

    func string(_ key: String) throws(OpenAIError) -> String? {
        try node(key).map { node throws(OpenAIError) in try JSONFieldReader.string(node, path: fieldPath(key)) }
    }

    func double(_ key: String) throws(OpenAIError) -> Double? {
        try node(key).map { node throws(OpenAIError) in try number(node, path: fieldPath(key)) }
    }

    func integer(_ key: String) throws(OpenAIError) -> Int? {
        guard let node = node(key) else { return nil }
        let value = try number(node, path: fieldPath(key))
        guard value.rounded() == value, abs(value) < 9.0e15 else {
            throw JSONFieldReader.wrongType(fieldPath(key), expected: "an integer", node, bytes: bytes)
        }
        return Int(value)
    }

    func bool(_ key: String) throws(OpenAIError) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case let .bool(value) = node.kind else { throw JSONFieldReader.wrongType(fieldPath(key), expected: "true or false", node) }
        return value
    }

    /// Any value, as ``JSONValue`` (for fields only looked at).
    func value(_ key: String) -> JSONValue? {
        guard let member = members.last(where: { $0.key == key }) else { return nil }
        return JSONFieldReader.value(member.value, bytes: bytes)
    }

    func object(_ key: String) throws(OpenAIError) -> JSONFieldReader? {
        try node(key).map { node throws(OpenAIError) in try JSONFieldReader(node, bytes: bytes, path: fieldPath(key)) }
    }

    func array(_ key: String) throws(OpenAIError) -> [JSONNode]? {
        guard let node = node(key) else { return nil }
        guard case let .array(elements) = node.kind else { throw JSONFieldReader.wrongType(fieldPath(key), expected: "an array", node) }
        return elements
    }

    static func string(_ node: JSONNode, path: String) throws(OpenAIError) -> String {
        guard case let .string(value) = node.kind else { throw wrongType(path, expected: "a string", node) }
        return value
    }

    private func number(_ node: JSONNode, path: String) throws(OpenAIError) -> Double {
        guard let value = bytes.withUnsafeBytes({ node.numberValue(in: $0) }), value.isFinite else {
            throw JSONFieldReader.wrongType(path, expected: "a number", node)
        }
        return value
    }

    static func value(_ node: JSONNode, bytes: [UInt8]) -> JSONValue {
        switch node.kind {
        case .null: .null
        case let .bool(value): .bool(value)
        case .number: .number(bytes.withUnsafeBytes { node.numberValue(in: $0) } ?? .nan)
        case let .string(value): .string(value)
        case let .array(elements): .array(elements.map { value($0, bytes: bytes) })
        case let .object(members): .object(Dictionary(members.map { ($0.key, value($0.value, bytes: bytes)) }) { _, last in last })
        }
    }

    static func wrongType(_ path: String, expected: String, _ node: JSONNode, bytes: [UInt8]? = nil) -> OpenAIError {
        let found = bytes.map { String(decoding: $0[node.range].prefix(32), as: UTF8.self) } ?? describe(node)
        return .invalidRequest("invalid_field", "field '\(path)' has the wrong type: expected \(expected), found \(found)",
                               param: path.isEmpty ? nil : path)
    }

    static func describe(_ node: JSONNode) -> String {
        switch node.kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
