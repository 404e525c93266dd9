import Foundation

/// Turns text into the tokens the full-text index stores: overlapping character bigrams for runs of
/// Chinese characters (a lone character stays a unigram), lower-cased ASCII words and numbers.
///
/// SQLite's default `unicode61` tokenizer treats a run of Chinese characters as one token, so the
/// application segments instead; bigrams find two-character terms such as 罚金 and 盗窃.
public enum BigramTokenizer {
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var hanRun: [Character] = []
        var word = ""
        func flushHan() {
            if hanRun.count == 1 {
                tokens.append(String(hanRun[0]))
            } else if hanRun.count > 1 {
                for index in 0..<(hanRun.count - 1) { tokens.append(String([hanRun[index], hanRun[index + 1]])) }
            }
            hanRun.removeAll(keepingCapacity: true)
        }
        func flushWord() {
            if !word.isEmpty { tokens.append(word.lowercased()) }
            word = ""
        }
        for character in text {
            if isHan(character) {
                flushWord()
                hanRun.append(character)
            } else if character.isASCII && (character.isLetter || character.isNumber) {
                flushHan()
                word.append(character)
            } else {
                flushHan()
                flushWord()
            }
        }
        flushHan()
        flushWord()
        return tokens
    }

    /// CJK Unified Ideographs and Extension A, the characters regulation text is written in.
    public static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return false }
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: return true
        default: return false
        }
    }

    /// The tokens as one space-separated string, the form stored in the FTS5 table.
    public static func indexText(_ text: String) -> String { tokens(text).joined(separator: " ") }

    /// An FTS5 query matching any of the text's tokens, each quoted so no token is read as syntax.
    public static func matchQuery(_ text: String) -> String? {
        var seen = Set<String>()
        let unique = tokens(text).filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return nil }
        return unique.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }
}
