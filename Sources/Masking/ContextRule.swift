/// Words near a match that raise (or, with a negative adjustment, lower) its score: `身份证号` before an
/// 18-digit number, `验证码` before six digits, `订单号` before something that looks like a phone.
///
/// Words are compared on the folded text, ASCII case-insensitively, and only within the match's own
/// sentence: a cue never reaches across `。！？；` or a line break.
public struct ContextRule: Sendable, Hashable, Codable {
    /// Cue words looked for in the `window` code points before the match.
    public var before: [String]
    /// Cue words looked for in the `window` code points after the match.
    public var after: [String]
    /// How far from the match to look, in code points.
    public var window: Int
    /// Added to the score when any cue is present (negative to lower it).
    public var adjustment: Double

    public init(before: [String] = [], after: [String] = [], window: Int = 12, adjustment: Double) {
        self.before = before
        self.after = after
        self.window = window
        self.adjustment = adjustment
        self.beforeBytes = before.map(ContextRule.foldedBytes)
        self.afterBytes = after.map(ContextRule.foldedBytes)
    }

    private let beforeBytes: [[UInt8]]
    private let afterBytes: [[UInt8]]
    /// The words' ids in the detector's ``CueIndex``, once resolved: lookups instead of scans.
    private(set) var beforeIDs: [Int]?
    private var afterIDs: [Int]?

    /// This rule with its words resolved to cue-index ids.
    func resolved(with ids: [String: Int]) -> ContextRule {
        var copy = self
        copy.beforeIDs = before.compactMap { ids[$0] }
        copy.afterIDs = after.compactMap { ids[$0] }
        return copy
    }

    /// This rule with each cue word of several Latin words also written as a field name writes it:
    /// `id number` as `id_number`, `id-number` and `idnumber` (which `idNumber` is, ASCII case aside).
    /// The policy file keeps the words as written.
    public func withFieldSpellings() -> ContextRule {
        func spellings(_ words: [String]) -> [String] {
            var all = words
            for word in words where word.contains(" ") && word.unicodeScalars.allSatisfy({ $0 == " " || ($0.isASCII && $0.properties.isAlphabetic) }) {
                for joiner in ["_", "-", ""] {
                    let spelled = word.replacingOccurrences(of: " ", with: joiner)
                    if !all.contains(spelled) { all.append(spelled) }
                }
            }
            return all
        }
        return ContextRule(before: spellings(before), after: spellings(after), window: window, adjustment: adjustment)
    }

    enum CodingKeys: String, CodingKey { case before, after, window, adjustment }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(before: try container.decodeIfPresent([String].self, forKey: .before) ?? [],
                  after: try container.decodeIfPresent([String].self, forKey: .after) ?? [],
                  window: try container.decodeIfPresent(Int.self, forKey: .window) ?? 12,
                  adjustment: try container.decode(Double.self, forKey: .adjustment))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(before, forKey: .before)
        try container.encode(after, forKey: .after)
        try container.encode(window, forKey: .window)
        try container.encode(adjustment, forKey: .adjustment)
    }

    public static func == (lhs: ContextRule, rhs: ContextRule) -> Bool {
        lhs.before == rhs.before && lhs.after == rhs.after && lhs.window == rhs.window && lhs.adjustment == rhs.adjustment
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(before)
        hasher.combine(after)
        hasher.combine(window)
        hasher.combine(adjustment)
    }

    /// The first cue found around `match` (a byte range of `text`), if any. With `occurrences`
    /// (the detector computes them once per text) this is a lookup; without, a scan of the window.
    public func cue(around match: Range<Int>, in text: [UInt8], occurrences: CueOccurrences? = nil) -> String? {
        // A rule none of whose words is anywhere in the text is answered without measuring its
        // windows: most rules, for most matches.
        if let occurrences, let beforeIDs, let afterIDs, !occurrences.containsAny(of: beforeIDs), !occurrences.containsAny(of: afterIDs) {
            return nil
        }
        if !beforeBytes.isEmpty {
            let start = ContextRule.sentenceStart(from: ContextRule.byteOffset(back: window, from: match.lowerBound, in: text),
                                                  to: match.lowerBound, in: text)
            if let occurrences, let beforeIDs {
                if let word = occurrences.first(of: beforeIDs, startingIn: start..<match.lowerBound, endingBy: match.lowerBound) { return word }
            } else if let index = ContextRule.firstCue(beforeBytes, in: text, range: start..<match.lowerBound) {
                return before[index]
            }
        }
        if !afterBytes.isEmpty {
            let end = ContextRule.sentenceEnd(from: match.upperBound, to: ContextRule.byteOffset(forward: window, from: match.upperBound, in: text), in: text)
            if let occurrences, let afterIDs {
                if let word = occurrences.first(of: afterIDs, startingIn: match.upperBound..<end, endingBy: end) { return word }
            } else if let index = ContextRule.firstCue(afterBytes, in: text, range: match.upperBound..<end) {
                return after[index]
            }
        }
        return nil
    }

    /// Every cue word of this rule, for the detector's one-pass index.
    var words: [String] { before + after }

    static func foldedBytes(_ word: String) -> [UInt8] {
        NormalizedText(word).utf8.map(lowercased)
    }

    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The position just after the last sentence end in `start..<end`, or `start`. Line breaks
    /// right before `end` (with only spaces between) do not count: a label on the line above its
    /// value (`验证码：` then `536450` on the next line, as forms and pasted messages write it) is
    /// the value's cue.
    static func sentenceStart(from start: Int, to end: Int, in text: [UInt8]) -> Int {
        var index = end
        while index > start && isSpaceOrLineBreak(text[index - 1]) { index -= 1 }
        while index > start {
            if let length = sentenceEndLength(at: index - 1, in: text) { return index - 1 + length }
            index -= 1
        }
        return start
    }

    /// The position of the first sentence end in `start..<end`, or `end`. Line breaks right after
    /// `start` (with only spaces between) do not count, as in ``sentenceStart(from:to:in:)``.
    static func sentenceEnd(from start: Int, to end: Int, in text: [UInt8]) -> Int {
        var index = start
        while index < end && isSpaceOrLineBreak(text[index]) { index += 1 }
        while index < end {
            if sentenceEndLength(at: index, in: text) != nil { return index }
            index += 1
        }
        return end
    }

    @inline(__always) private static func isSpaceOrLineBreak(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// If a sentence-ending character starts at `index` (`。` U+3002, `!?;` folded from full width,
    /// a line break), its length in bytes.
    private static func sentenceEndLength(at index: Int, in text: [UInt8]) -> Int? {
        switch text[index] {
        case 0x21, 0x3F, 0x3B, 0x0A: return 1
        case 0xE3 where index + 2 < text.count && text[index + 1] == 0x80 && text[index + 2] == 0x82: return 3
        default: return nil
        }
    }

    /// The byte offset `count` code points before `offset`.
    static func byteOffset(back count: Int, from offset: Int, in text: [UInt8]) -> Int {
        var index = offset
        var remaining = count
        while index > 0 && remaining > 0 {
            index -= 1
            if text[index] & 0xC0 != 0x80 { remaining -= 1 }
        }
        return index
    }

    /// The byte offset `count` code points after `offset`.
    static func byteOffset(forward count: Int, from offset: Int, in text: [UInt8]) -> Int {
        var index = offset
        var remaining = count
        while index < text.count && remaining > 0 {
            index += 1
            while index < text.count && text[index] & 0xC0 == 0x80 { index += 1 }
            remaining -= 1
        }
        return index
    }

    /// Whether a cue word found at `start` starts a word there: a word in Latin letters must not
    /// go on from a letter before it (tel in hotel, pin in opinion, tin in waiting, dob in adobe),
    /// unless it starts a capitalised part of a camel-case name (smsCode, idNumber). Other cue words
    /// (Chinese has no spaces) always count.
    @inline(__always) static func startsWord(_ cue: [UInt8], at start: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = cue.first else { return true }
        return startsWord(first: first, at: start, in: text)
    }

    /// ``startsWord(_:at:in:)`` for a cue starting with byte `first`.
    @inline(__always) static func startsWord(first: UInt8, at start: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard start > 0, first >= 0x61 && first <= 0x7A else { return true }
        let before = text[start - 1]
        if before >= 0x61 && before <= 0x7A { return text[start] >= 0x41 && text[start] <= 0x5A }
        return !(before >= 0x41 && before <= 0x5A)
    }

    static func startsWord(_ cue: [UInt8], at start: Int, in text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { startsWord(cue, at: start, in: $0) }
    }

    /// Whether a cue word ending in a Latin letter ends where a word does in `text`, its occurrence
    /// ending before `end`: not going on into a longer word (pin in pinging, born in borne, dob in
    /// Dobby), but for a plural `s` (passwords, codes) and a camel-case part starting after it (idNumber,
    /// dobDate). Other cue words always count.
    @inline(__always) static func endsWord(_ cue: [UInt8], at end: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = cue.last else { return true }
        return endsWord(last: last, at: end, in: text)
    }

    /// ``endsWord(_:at:in:)`` for a cue ending with byte `last`.
    @inline(__always) static func endsWord(last: UInt8, at end: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard end < text.count, last >= 0x61 && last <= 0x7A else { return true }
        let after = text[end]
        let isLower = after >= 0x61 && after <= 0x7A, isUpper = after >= 0x41 && after <= 0x5A
        guard isLower || isUpper else { return true }
        // A plural: s or S, then no letter.
        if after | 0x20 == 0x73 {
            let next = end + 1 < text.count ? text[end + 1] | 0x20 : 0
            if !(next >= 0x61 && next <= 0x7A) { return true }
        }
        // A camel-case part: a capital after a lower-case letter.
        let before = text[end - 1]
        return isUpper && before >= 0x61 && before <= 0x7A
    }

    /// Whether a cue word occurs as a word at `start`: ``startsWord(_:at:in:)`` and ``endsWord(_:at:in:)``.
    @inline(__always) static func isWord(_ cue: [UInt8], at start: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = cue.first, let last = cue.last else { return true }
        return isWord(first: first, last: last, at: start, length: cue.count, in: text)
    }

    /// ``isWord(_:at:in:)`` for a cue given by its first and last byte and its length.
    @inline(__always) static func isWord(first: UInt8, last: UInt8, at start: Int, length: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        startsWord(first: first, at: start, in: text) && endsWord(last: last, at: start + length, in: text)
    }

    private static func firstCue(_ cues: [[UInt8]], in text: [UInt8], range: Range<Int>) -> Int? {
        for (number, cue) in cues.enumerated() where !cue.isEmpty && cue.count <= range.count {
            var start = range.lowerBound
            while start + cue.count <= range.upperBound {
                var equal = true
                for offset in 0..<cue.count where lowercased(text[start + offset]) != cue[offset] {
                    equal = false
                    break
                }
                if equal && text.withUnsafeBufferPointer({ isWord(cue, at: start, in: $0) }) { return number }
                start += 1
            }
        }
        return nil
    }
}
