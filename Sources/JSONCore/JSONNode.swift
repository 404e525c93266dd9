import Foundation

/// A parsed JSON value that remembers where it sits in the record's bytes, so a scrubbed record can
/// be rebuilt byte for byte with only its masked strings replaced.
public struct JSONNode: Sendable {
    public enum Kind: Sendable {
        case object([JSONMember])
        case array([JSONNode])
        /// The decoded string.
        case string(String)
        case number
        case bool(Bool)
        case null
    }

    public var kind: Kind
    /// Byte range in the record, quotes included for strings.
    public var range: Range<Int>

    /// The member named `key` of an object (the last one if the key repeats, as most readers do).
    public subscript(key: String) -> JSONNode? {
        guard case let .object(members) = kind else { return nil }
        return members.last { $0.key == key }?.value
    }

    public var stringValue: String? {
        if case let .string(value) = kind { return value }
        return nil
    }

    /// The value of a number, read from the bytes the node was parsed from (the parser checked its
    /// syntax; nil for anything but a number).
    public func numberValue(in bytes: UnsafeRawBufferPointer) -> Double? {
        guard case .number = kind, range.upperBound <= bytes.count else { return nil }
        let digits = UnsafeRawBufferPointer(rebasing: bytes[range])
        // strtod needs a terminator: numbers are short, so they are copied to the stack with one.
        guard digits.count < 64 else { return Double(String(decoding: digits, as: UTF8.self)) }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: digits)
            buffer[digits.count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    public var arrayValue: [JSONNode]? {
        if case let .array(elements) = kind { return elements }
        return nil
    }

    /// The object's keys in order; empty for anything else.
    public var keys: [String] {
        guard case let .object(members) = kind else { return [] }
        return members.map(\.key)
    }
}

/// One `"key": value` pair of an object.
public struct JSONMember: Sendable {
    public var key: String
    public var value: JSONNode
}
