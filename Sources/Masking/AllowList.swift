/// Values that look like personal information but are not: bank service numbers (95588), 400/800
/// hotlines, emergency numbers. A finding whose canonical value (folded, separators removed,
/// upper-cased) equals a listed value or fully matches a listed pattern is dropped.
public struct AllowList: Sendable {
    public struct Entry: Sendable {
        public let type: EntityType
        public let values: Set<String>
        public let patterns: [CompiledPattern]
    }

    public let entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    /// An entry for `type` from literal values and PCRE2 patterns (anchored to the whole value).
    public static func entry(type: EntityType, values: [String], patterns: [String], owner: String) throws(MaskingError) -> Entry {
        var compiled: [CompiledPattern] = []
        for pattern in patterns {
            compiled.append(try CompiledPattern("^(?:" + pattern + ")$", owner: owner))
        }
        return Entry(type: type, values: Set(values.map(Masker.canonicalValue)), patterns: compiled)
    }

    /// Whether a value of `type` is allowed to stay. `workspace`, when given, is reused for the
    /// pattern matches instead of allocating PCRE2 match data per call.
    public func allows(_ value: String, type: EntityType, workspace: MatchWorkspace? = nil) throws(MaskingError) -> Bool {
        var canonical: String?
        for entry in entries where entry.type == type {
            let value = canonical ?? Masker.canonicalValue(value)
            canonical = value
            if entry.values.contains(value) { return true }
            let bytes = Array(value.utf8)
            for pattern in entry.patterns {
                let ranges = if let workspace { try pattern.matches(in: bytes, workspace: workspace) } else { try pattern.matches(in: bytes) }
                if !ranges.isEmpty { return true }
            }
        }
        return false
    }

    /// Whether any entry concerns `type` (so callers can skip the lookup).
    public func covers(_ type: EntityType) -> Bool { entries.contains { $0.type == type } }
}
