/// Numbering of type tags within one conversation: the same value always gets the same tag
/// (`<PHONE_1>` every time that number appears), a new value the next number.
///
/// It holds raw values in memory only, for the life of one exchange; it is never persisted or logged.
public struct MaskingSession: Sendable {
    private var tags: [String: String] = [:]
    private var counters: [EntityType: Int] = [:]

    public init() {}

    /// The tag for `value` of `type`, allocating the next number the first time it is seen.
    public mutating func tag(for value: String, type: EntityType) -> String {
        let key = type.rawValue + "\u{0}" + value
        if let existing = tags[key] { return existing }
        let next = (counters[type] ?? 0) + 1
        counters[type] = next
        let tag = "<\(type.rawValue)_\(next)>"
        tags[key] = tag
        return tag
    }
}
