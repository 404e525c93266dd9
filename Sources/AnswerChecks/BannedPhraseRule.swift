/// Phrases a customer-service answer must not contain (亲, 哈喽, 宝宝…) and, optionally, emoji.
/// A phrase can list longer words that contain it and are fine (亲 is banned, 亲自 and 父亲 are not).
public struct BannedPhraseRule: AnswerRule {
    public let id = "tone"

    /// One banned phrase and the words containing it that are allowed.
    public struct Phrase: Sendable, Equatable, Codable {
        public var phrase: String
        public var except: [String]

        public init(_ phrase: String, except: [String] = []) {
            self.phrase = phrase
            self.except = except
        }
    }

    /// A place in a text where a banned phrase or emoji occurs.
    public struct Match: Sendable, Equatable {
        /// The phrase as listed, or `emoji U+1F600`.
        public var what: String
        /// Byte offset of the match in the UTF-8 text.
        public var byteOffset: Int
    }

    public let phrases: [Phrase]
    public let bansEmoji: Bool
    private let phraseBytes: [[UInt8]]
    /// Per phrase: each exception's bytes and where the phrase sits inside it.
    private let exceptionBytes: [[(bytes: [UInt8], phraseOffset: Int)]]

    public init(phrases: [Phrase], bansEmoji: Bool) {
        self.phrases = phrases
        self.bansEmoji = bansEmoji
        phraseBytes = phrases.map { Array($0.phrase.utf8) }
        exceptionBytes = phrases.map { phrase in
            let needle = Array(phrase.phrase.utf8)
            return phrase.except.flatMap { word -> [(bytes: [UInt8], phraseOffset: Int)] in
                let bytes = Array(word.utf8)
                return BannedPhraseRule.occurrences(of: needle, in: bytes).map { (bytes, $0) }
            }
        }
    }

    /// The longest phrase in bytes: a stream must hold back this much (minus one) so that a phrase
    /// split across two chunks is still seen whole.
    public var longestPhraseBytes: Int {
        let phrases = phraseBytes.map(\.count) + exceptionBytes.flatMap { $0.map(\.bytes.count) }
        return max(phrases.max() ?? 0, bansEmoji ? 8 : 0)
    }

    public func violations(in answer: AnswerSections, context: AnswerContext) -> [Violation] {
        let text = answer.preamble + (answer.basis.map { AnswerSections.basisMarker + $0 } ?? "")
            + (answer.explanation.map { AnswerSections.explanationMarker + $0 } ?? "")
        var seen: Set<String> = []
        return matches(in: text).compactMap { match in
            guard seen.insert(match.what).inserted else { return nil }
            return Violation(rule: id, detail: "banned phrase \(match.what)")
        }
    }

    /// Every banned phrase and emoji in `text`, in order.
    public func matches(in text: String) -> [Match] {
        let bytes = Array(text.utf8)
        var found: [Match] = []
        for (index, needle) in phraseBytes.enumerated() {
            for offset in BannedPhraseRule.occurrences(of: needle, in: bytes) where !isExcepted(phrase: index, at: offset, in: bytes) {
                found.append(Match(what: "“\(phrases[index].phrase)”", byteOffset: offset))
            }
        }
        if bansEmoji {
            var offset = 0
            var previous: (scalar: Unicode.Scalar, offset: Int)?
            for scalar in text.unicodeScalars {
                // A text presentation symbol followed by VS16 is shown as emoji too.
                if scalar == "\u{FE0F}", let candidate = previous, candidate.scalar.properties.isEmoji,
                   !candidate.scalar.properties.isEmojiPresentation {
                    found.append(Match(what: "emoji U+\(String(candidate.scalar.value, radix: 16, uppercase: true))", byteOffset: candidate.offset))
                }
                if BannedPhraseRule.mayBeEmoji(scalar) {
                    if scalar.properties.isEmojiPresentation {
                        found.append(Match(what: "emoji U+\(String(scalar.value, radix: 16, uppercase: true))", byteOffset: offset))
                    }
                    previous = (scalar, offset)
                } else {
                    previous = nil
                }
                offset += scalar.utf8.count
            }
        }
        return found.sorted { $0.byteOffset < $1.byteOffset }
    }

    /// Cheap pre-check: ASCII, CJK ideographs, Hangul and full-width forms are never emoji, so most
    /// answer text skips the Unicode property lookup.
    static func mayBeEmoji(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x80, 0x80..<0xA9, 0xAA..<0xAE, 0xAF..<0x203C, 0x3400..<0xA000, 0xAC00..<0xD7B0, 0xFF00..<0xFFF0: false
        default: true
        }
    }

    private func isExcepted(phrase index: Int, at offset: Int, in bytes: [UInt8]) -> Bool {
        exceptionBytes[index].contains { exception in
            let start = offset - exception.phraseOffset
            guard start >= 0, start + exception.bytes.count <= bytes.count else { return false }
            return bytes[start..<(start + exception.bytes.count)].elementsEqual(exception.bytes)
        }
    }

    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        var result: [Int] = []
        let first = needle[0]
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                result.append(index)
            }
            index += 1
        }
        return result
    }
}
