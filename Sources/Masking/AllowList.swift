/// Values that look like personal information but are not: bank service numbers (95588), 400/800
/// hotlines, emergency numbers. A finding whose canonical value (folded, separators removed,
/// upper-cased) equals a listed value or fully matches a listed pattern is dropped.
public struct AllowList: Sendable {
    public struct Entry: Sendable {
        public let type: EntityType
        public let values: Set<String>
        /// The entry's patterns, each anchored to the whole value; joined into one alternation when
        /// none refers to another's groups, so a value costs one PCRE2 call however many there are.
        public let patterns: [CompiledPattern]
    }

    public let entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    /// An entry for `type` from literal values and PCRE2 patterns (anchored to the whole value).
    /// Each pattern is compiled alone first, so an error names the pattern at fault.
    public static func entry(type: EntityType, values: [String], patterns: [String], owner: String) throws(MaskingError) -> Entry {
        var compiled: [CompiledPattern] = []
        for pattern in patterns {
            compiled.append(try CompiledPattern("^(?:" + pattern + ")$", owner: owner))
        }
        if compiled.count > 1 && patterns.allSatisfy(AllowList.standsAlone) {
            compiled = [try CompiledPattern("^(?:" + patterns.map { "(?:\($0))" }.joined(separator: "|") + ")$", owner: owner)]
        }
        return Entry(type: type, values: Set(values.map(Masker.canonicalValue)), patterns: compiled)
    }

    /// Whether a pattern means the same inside an alternation with others: it refers to no group
    /// by number or name (a back-reference or subroutine call would point at another's groups).
    static func standsAlone(_ pattern: String) -> Bool {
        let scalars = Array(pattern.unicodeScalars)
        for index in scalars.indices.dropLast() {
            let next = scalars[index + 1]
            // \1…\9, \g{…}, \k<…>: back-references.
            if scalars[index] == "\\" && (("1"..."9").contains(next) || next == "g" || next == "k") { return false }
            // (?P…), (?&…), (?R), (?1), (?+1), (?-1), (?|…), (?(…)…): named groups, calls, conditions.
            if scalars[index] == "(" && next == "?" && index + 2 < scalars.count {
                let kind = scalars[index + 2]
                if "P&R|(+-".unicodeScalars.contains(kind) || ("0"..."9").contains(kind) { return false }
            }
        }
        return true
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
