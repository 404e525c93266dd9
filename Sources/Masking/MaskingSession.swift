/// The masking state of one conversation: tag numbering (the same value always gets the same tag,
/// `<PHONE_1>` every time that number appears, a new value the next number) and the vault of values
/// masked with the ``MaskingOperator/vault`` operator.
///
/// It holds raw values in memory only, for the life of one exchange; it is never persisted or logged.
public struct MaskingSession: Sendable {
    /// Keyed by the UTF-8 bytes of type ‖ 0 ‖ value: byte hashing, no Unicode normalisation.
    private var tags: [TagKey: String] = [:]
    private var counters: [EntityType: Int] = [:]
    private var vault: [String: String] = [:]

    public init() {}

    /// The tag for `value` of `type`, allocating the next number the first time it is seen.
    public mutating func tag(for value: String, type: EntityType) -> String {
        var bytes = Array(type.rawValue.utf8)
        bytes.append(0)
        bytes.append(contentsOf: value.utf8)
        let key = TagKey(bytes: bytes)
        if let existing = tags[key] { return existing }
        let next = (counters[type] ?? 0) + 1
        counters[type] = next
        let tag = "<\(type.rawValue)_\(next)>"
        tags[key] = tag
        return tag
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

/// Bytes hashed in one call rather than byte by byte (which is what `[UInt8]`'s own hashing does).
struct TagKey: Hashable, Sendable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
