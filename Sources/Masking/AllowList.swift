/// Values that look like personal information but are not: bank service numbers (95588), 400/800
/// hotlines, emergency numbers. A finding whose canonical value (folded, separators removed,
/// upper-cased) equals a listed value or fully matches a listed pattern is dropped; so is one whose
/// value as written (folded only) fully matches a written pattern, for values that only their
/// separators tell apart (1-800-555-0199 is a US toll-free number, 18005550199 a mainland mobile).
public struct AllowList: Sendable {
    public struct Entry: Sendable {
        public let type: EntityType
        public let values: Set<String>
        /// The entry's patterns, each anchored to the whole value; joined into one alternation when
        /// none refers to another's groups, so a value costs one PCRE2 call however many there are.
        public let patterns: [CompiledPattern]
        /// Patterns matched against the value as written (separators kept), anchored to all of it.
        public let writtenPatterns: [CompiledPattern]
    }

    public let entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    /// An entry for `type` from literal values and PCRE2 patterns (anchored to the whole value).
    /// Each pattern is compiled alone first, so an error names the pattern at fault.
    public static func entry(type: EntityType, values: [String], patterns: [String], writtenPatterns: [String] = [],
                             owner: String) throws(MaskingError) -> Entry {
        Entry(type: type, values: Set(values.map(Masker.canonicalValue)), patterns: try joined(patterns, owner: owner),
              writtenPatterns: try joined(writtenPatterns, owner: owner))
    }

    /// Each pattern anchored to the whole value, then all of them in one alternation when they stand alone.
    private static func joined(_ patterns: [String], owner: String) throws(MaskingError) -> [CompiledPattern] {
        var compiled: [CompiledPattern] = []
        for pattern in patterns {
            compiled.append(try CompiledPattern("^(?:" + pattern + ")$", owner: owner))
        }
        if compiled.count > 1 && patterns.allSatisfy(AllowList.standsAlone) {
            compiled = [try CompiledPattern("^(?:" + patterns.map { "(?:\($0))" }.joined(separator: "|") + ")$", owner: owner)]
        }
        return compiled
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
            if try AllowList.anyMatches(entry.writtenPatterns, in: value, workspace: workspace) { return true }
            let value = canonical ?? Masker.canonicalValue(value)
            canonical = value
            if entry.values.contains(value) { return true }
            if try AllowList.anyMatches(entry.patterns, in: value, workspace: workspace) { return true }
        }
        return false
    }

    private static func anyMatches(_ patterns: [CompiledPattern], in value: String, workspace: MatchWorkspace?) throws(MaskingError) -> Bool {
        guard !patterns.isEmpty else { return false }
        let bytes = Array(value.utf8)
        for pattern in patterns {
            let ranges = if let workspace { try pattern.matches(in: bytes, workspace: workspace) } else { try pattern.matches(in: bytes) }
            if !ranges.isEmpty { return true }
        }
        return false
    }

    /// Whether any entry concerns `type` (so callers can skip the lookup).
    public func covers(_ type: EntityType) -> Bool { entries.contains { $0.type == type } }
}
