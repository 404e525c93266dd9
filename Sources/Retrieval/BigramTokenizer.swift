import Foundation

/// Turns text into the tokens the full-text index stores: overlapping character bigrams for runs of
/// Chinese characters (a lone character stays a unigram), lower-cased ASCII words and numbers.
///
/// SQLite's default `unicode61` tokenizer treats a run of Chinese characters as one token, so the
/// application segments instead; bigrams find two-character terms such as 罚金 and 盗窃.
public enum BigramTokenizer {
    public static func tokens(_ text: String) -> [String] {
        scalarTokens(text) ?? characterTokens(text)
    }

    /// The tokens, read scalar by scalar: the same as ``characterTokens(_:)`` when every scalar is
    /// one that never joins its neighbour into one character (ASCII, Latin letters, CJK
    /// punctuation, Han, full-width forms); nil otherwise. Walking `Character`s and asking each
    /// whether it is a letter cost ~30 µs on a 130-character question, a fifth of a search.
    static func scalarTokens(_ text: String) -> [String]? {
        var tokens: [String] = []
        var previousHan: Unicode.Scalar?
        var hanRunLength = 0
        var word: [UInt8] = []
        func flushHan() {
            if hanRunLength == 1, let previousHan { tokens.append(String(previousHan)) }
            hanRunLength = 0
            previousHan = nil
        }
        func flushWord() {
            if !word.isEmpty { tokens.append(String(decoding: word, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF:
                flushWord()
                if let previousHan {
                    var pair = String.UnicodeScalarView()
                    pair.append(previousHan)
                    pair.append(scalar)
                    tokens.append(String(pair))
                }
                previousHan = scalar
                hanRunLength += 1
            case 0x30...0x39, 0x61...0x7A:
                flushHan()
                word.append(UInt8(value))
            case 0x41...0x5A:
                flushHan()
                word.append(UInt8(value) + 0x20)
            case 0...0x2FF, 0x2010...0x2027, 0x3000...0x3029, 0x3030...0x303F, 0xFF01...0xFF5E:
                flushHan()
                flushWord()
            default:
                return nil   // may combine with a neighbour: read by characters
            }
        }
        flushHan()
        flushWord()
        return tokens
    }

    /// The tokens, read character by character (the definition).
    static func characterTokens(_ text: String) -> [String] {
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

    /// What one chunk's FTS5 row holds: every token (`tokens`), then for k = 2…``BM25/maximumFrequency``
    /// the distinct tokens that occur at least k times, so a search learns a token's frequency in a
    /// row from which columns match it.
    static func indexColumns(_ text: String) -> [String] {
        let all = tokens(text)
        // Counted by a packed key (tokens are short: a bigram is 6 bytes), not by String, whose
        // Unicode-aware hashing would cost more than the rest of the sync.
        var frequency: [UInt64: Int] = [:]
        var longFrequency: [String: Int] = [:]
        for token in all {
            if let key = packedKey(token) {
                frequency[key, default: 0] += 1
            } else {
                longFrequency[token, default: 0] += 1
            }
        }
        var first = Set<UInt64>()
        var firstLong = Set<String>()
        var distinct: [(token: String, count: Int)] = []
        for token in all {
            if let key = packedKey(token) {
                if first.insert(key).inserted { distinct.append((token, frequency[key]!)) }
            } else if firstLong.insert(token).inserted {
                distinct.append((token, longFrequency[token]!))
            }
        }
        var columns = [all.joined(separator: " ")]
        for level in 2...BM25.maximumFrequency {
            var column = ""
            for entry in distinct where entry.count >= level {
                if !column.isEmpty { column += " " }
                column += entry.token
            }
            columns.append(column)
        }
        return columns
    }

    /// The token's UTF-8 bytes and length in one integer, when it has at most 7 bytes: a key that
    /// hashes without looking at Unicode (every bigram of Chinese characters fits).
    static func packedKey(_ token: String) -> UInt64? {
        var key: UInt64 = 0
        var length: UInt64 = 0
        for byte in token.utf8 {
            guard length < 7 else { return nil }
            key = key << 8 | UInt64(byte)
            length += 1
        }
        return key | length << 56
    }

    /// An FTS5 query matching any of the text's tokens, each quoted so no token is read as syntax.
    public static func matchQuery(_ text: String) -> String? {
        var seen = Set<String>()
        let unique = tokens(text).filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return nil }
        return unique.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }
}
