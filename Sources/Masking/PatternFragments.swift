/// Named pieces of pattern that the recognizers of one policy file share (`fragments:`), called from
/// a pattern as `(?&name)`: a Chinese address's road or building part, written once for the three
/// address recognizers that use it.
///
/// ```yaml
/// fragments:
///   h: '[\x{4e00}-\x{9fa5}]'
///   road: '(?&h){1,10}?(?:路|街|大道)'
/// recognizers:
///   - id: zh_address_from_district
///     pattern: '(?&h){1,4}?区(?&road)[0-9]{1,5}号'
/// ```
///
/// A pattern that calls fragments is compiled with a PCRE2 `(?(DEFINE)…)` group holding them (and the
/// fragments they call) appended after it: it matches nothing itself, so the pattern means what it
/// says, and an error offset still points into the pattern as written.
struct PatternFragments: Sendable {
    /// Fragment bodies by name.
    let bodies: [String: String]

    init(_ bodies: [String: String]) {
        self.bodies = bodies
    }

    /// Why `name` cannot name a fragment, or nil when it can: PCRE2's rule for group names.
    static func problem(withName name: String) -> String? {
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 || byte == UInt8(ascii: "_") }
        let bytes = Array(name.utf8)
        guard let first = bytes.first, isLetter(first), bytes.count <= 32,
              bytes.allSatisfy({ isLetter($0) || $0 &- 0x30 < 10 }) else {
            return "fragment name \"\(name)\" must be 1 to 32 ASCII letters, digits or _, not starting with a digit"
        }
        return nil
    }

    /// The fragments `pattern` calls, directly or through other fragments, sorted by name.
    func called(by pattern: String) -> [String] {
        var found: Set<String> = []
        var pending = calls(in: pattern)
        while let name = pending.popLast() {
            guard !found.contains(name), let body = bodies[name] else { continue }
            found.insert(name)
            pending += calls(in: body)
        }
        return found.sorted()
    }

    /// `pattern` with the fragments it calls defined after it; the pattern itself when it calls none.
    func expanded(_ pattern: String) -> String {
        let names = called(by: pattern)
        guard !names.isEmpty else { return pattern }
        return pattern + definitions(of: names)
    }

    /// A `(?(DEFINE)…)` group defining `names`.
    func definitions(of names: [String]) -> String {
        "(?(DEFINE)" + names.map { "(?<\($0)>\(bodies[$0] ?? ""))" }.joined() + ")"
    }

    /// The names of this file's fragments called as `(?&name)` in `text`.
    private func calls(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let call = rest.range(of: "(?&") {
            rest = rest[call.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { break }
            let name = String(rest[..<close])
            if bodies[name] != nil { names.append(name) }
        }
        return names
    }
}
