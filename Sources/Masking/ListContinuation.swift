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
        let first = text[index]
        if first == UInt8(ascii: ",") || first == UInt8(ascii: "/") || first == UInt8(ascii: "|") || first == UInt8(ascii: "&") {
            index += 1
        } else if first >= 0xE3 && first <= 0xE6 && index + 2 < text.count {
            // 、 和 及 或 与, compared as one 24-bit value.
            let character = UInt32(first) << 16 | UInt32(text[index + 1]) << 8 | UInt32(text[index + 2])
            switch character {
            case 0xE3_80_81, 0xE5_92_8C, 0xE5_8F_8A, 0xE6_88_96, 0xE4_B8_8E: break
            default: return nil
            }
            index += 3
        } else if index > end, let word = englishConjunctionLength(at: index, in: text) {
            index += word
        } else {
            return nil
        }
        index = skipSpaces(from: index, in: text)
        return index < text.count ? index : nil
    }

    /// Whether a list item may end at byte `end`: at the end of the text, before punctuation, a
    /// space or another separator. An item runs into a word otherwise (验证码123456，1234元: 1234
    /// is an amount; 出生日期1990-01-01，2024-01-01入职: a date of hire), and is no item.
    static func endsItem(at end: Int, in text: [UInt8]) -> Bool {
        guard end < text.count else { return true }
        let byte = text[end]
        if byte < 0x80 { return !(byte >= 0x30 && byte <= 0x39) && !((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) }
        guard byte >= 0xE3 && byte <= 0xEF, end + 2 < text.count else { return false }
        let character = UInt32(byte) << 16 | UInt32(text[end + 1]) << 8 | UInt32(text[end + 2])
        switch character {
        case 0xE3_80_81, 0xE3_80_82, 0xE3_80_8D, 0xE3_80_91:   // 、 。 」 】
            return true
        case 0xE5_92_8C, 0xE5_8F_8A, 0xE6_88_96, 0xE4_B8_8E:   // 和 及 或 与
            return true
        default:
            return false
        }
    }

    private static func skipSpaces(from start: Int, in text: [UInt8]) -> Int {
        var index = start
        while index < text.count && text[index] == 0x20 { index += 1 }
        return index
    }

    /// 3 for `and ` and 2 for `or ` at `index` (the space after is required, not counted).
    private static func englishConjunctionLength(at index: Int, in text: [UInt8]) -> Int? {
        if index + 3 < text.count, text[index] == 0x61, text[index + 1] == 0x6E, text[index + 2] == 0x64, text[index + 3] == 0x20 { return 3 }
        if index + 2 < text.count, text[index] == 0x6F, text[index + 1] == 0x72, text[index + 2] == 0x20 { return 2 }
        return nil
    }
}
