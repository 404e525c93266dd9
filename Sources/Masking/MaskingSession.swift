/// The masking state of one conversation: tag numbering (the same value always gets the same tag,
/// `<PHONE_1>` every time that number appears, a new value the next number) and the vault of values
/// masked with the ``MaskingOperator/vault`` operator.
///
/// It holds raw values in memory only, for the life of one exchange; it is never persisted or logged.
public struct MaskingSession: Sendable {
    /// Values tagged so far, in order. Most sessions hold a handful, where a scan beats hashing
    /// (and a fresh session allocates nothing until its first tag).
    private var tagged: [(type: EntityType, value: String, tag: String)] = []
    /// Per type: value → tag, built once a session holds more than ``scanLimit`` values.
    private var tags: [EntityType: [String: String]] = [:]
    private static let scanLimit = 24
    private var vault: [String: String] = [:]

    public init() {}

    /// The tag for `value` of `type`, allocating the next number the first time it is seen.
    public mutating func tag(for value: String, type: EntityType) -> String {
        if tagged.count <= MaskingSession.scanLimit {
            var sameType = 0
            for entry in tagged where entry.type == type {
                if entry.value == value { return entry.tag }
                sameType += 1
            }
            let tag = MaskingSession.tagText(type, number: sameType + 1)
            tagged.append((type, value, tag))
            if tagged.count > MaskingSession.scanLimit {
                for entry in tagged { tags[entry.type, default: [:]][entry.value] = entry.tag }
            }
            return tag
        }
        // One lookup in place: no copy of the type's table. A type's next number is one more
        // than the values it holds.
        var tag = ""
        tags[type, default: [:]].withValue(for: value) { existing, count in
            if let existing {
                tag = existing
            } else {
                tag = MaskingSession.tagText(type, number: count + 1)
                existing = tag
            }
        }
        return tag
    }

    /// `<TYPE_n>`, written into one allocation (string interpolation took several, once per tag).
    static func tagText(_ type: EntityType, number: Int) -> String {
        var digits = 1, power = 10
        while number >= power { digits += 1; power *= 10 }
        let name = type.rawValue.utf8
        return String(unsafeUninitializedCapacity: name.count + digits + 3) { buffer in
            buffer[0] = UInt8(ascii: "<")
            var index = 1
            for byte in name { buffer[index] = byte; index += 1 }
            buffer[index] = UInt8(ascii: "_")
            var rest = number
            for place in stride(from: index + digits, to: index, by: -1) {
                buffer[place] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            buffer[index + digits + 1] = UInt8(ascii: ">")
            return name.count + digits + 3
        }
    }

    /// The tag for `value`, remembering `original` (as the user wrote it) so ``restore(_:)`` can put it back.
    public mutating func vaultTag(for value: String, original: String, type: EntityType) -> String {
        let tag = tag(for: value, type: type)
        if vault[tag] == nil { vault[tag] = original }
        return tag
    }

    /// Number of values held in the vault.
    public var vaultCount: Int { vault.count }

    /// `text` with every vault tag replaced by the value it stands for. Tags of other operators
    /// (and tags the model invented) stay as they are.
    public func restore(_ text: String) -> String {
        guard !vault.isEmpty, text.contains("<") else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            output += rest[..<open]
            if let close = rest[open...].firstIndex(of: ">"), let value = vault[String(rest[open...close])] {
                output += value
                rest = rest[rest.index(after: close)...]
            } else {
                output.append("<")
                rest = rest[rest.index(after: open)...]
            }
        }
        return output + rest
    }
}

extension Dictionary where Value == String {
    /// Calls `body` with the value stored for `key` (settable) and the number of entries before it.
    fileprivate mutating func withValue(for key: Key, _ body: (inout String?, Int) -> Void) {
        let count = self.count
        body(&self[key], count)
    }
}
