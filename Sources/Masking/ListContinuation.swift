/// Values listed after one cue (护照号分别是E12345678、E87654321; born 1990-01-01 and 1988-03-02):
/// the cue names every item, though only the first is near it. A recognizer that needs a cue gives
/// an item right after a cued finding of its own, across a list separator, the finding's score.
enum ListContinuation {
    /// Where the next item of a list starts when the text after byte `end` is a list separator
    /// (`,` `/` `|` `&` `、` 和 或 及 与 `and` `or`, spaces around it allowed); nil otherwise. The
    /// text is folded: `，` is `,` here. A sentence end (`;` `。`) ends the list.
    static func nextItemStart(after end: Int, in text: [UInt8]) -> Int? {
        var index = skipSpaces(from: end, in: text)
        guard index < text.count else { return nil }
        switch text[index] {
        case UInt8(ascii: ","), UInt8(ascii: "/"), UInt8(ascii: "|"), UInt8(ascii: "&"):
            index += 1
        case 0xE3 where matches([0xE3, 0x80, 0x81], at: index, in: text):            // 、
            index += 3
        case 0xE5 where matches([0xE5, 0x92, 0x8C], at: index, in: text)             // 和
            || matches([0xE5, 0x8F, 0x8A], at: index, in: text):                      // 及
            index += 3
        case 0xE6 where matches([0xE6, 0x88, 0x96], at: index, in: text):            // 或
            index += 3
        case 0xE4 where matches([0xE4, 0xB8, 0x8E], at: index, in: text):            // 与
            index += 3
        case UInt8(ascii: "a") where index > end && matches(Array("and ".utf8), at: index, in: text):
            index += 3
        case UInt8(ascii: "o") where index > end && matches(Array("or ".utf8), at: index, in: text):
            index += 2
        default:
            return nil
        }
        index = skipSpaces(from: index, in: text)
        return index < text.count ? index : nil
    }

    private static func skipSpaces(from start: Int, in text: [UInt8]) -> Int {
        var index = start
        while index < text.count && text[index] == 0x20 { index += 1 }
        return index
    }

    private static func matches(_ word: [UInt8], at start: Int, in text: [UInt8]) -> Bool {
        guard start + word.count <= text.count else { return false }
        for offset in 0..<word.count where text[start + offset] != word[offset] { return false }
        return true
    }
}
