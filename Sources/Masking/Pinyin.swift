/// Hanyu Pinyin syllables without tones, to tell a romanised Chinese name (`Zhang Xiaoming`) from
/// English words that happen to follow a surname-like token (`He Said`).
enum Pinyin {
    private static let initials = ["", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
                                   "zh", "ch", "sh", "r", "z", "c", "s", "y", "w"]
    private static let finals = ["a", "o", "e", "i", "u", "v", "ai", "ei", "ui", "ao", "ou", "iu", "ie", "ve", "ue",
                                 "er", "an", "en", "in", "un", "vn", "ang", "eng", "ing", "ong", "ia", "iao", "ian",
                                 "iang", "iong", "ua", "uo", "uai", "uan", "uang"]
    /// Every initial + final combination: a superset of the ~410 real syllables, strict enough to
    /// reject almost all English words.
    static let syllables: Set<String> = {
        var result: Set<String> = []
        for initial in initials {
            for final in finals { result.insert(initial + final) }
        }
        return result
    }()

    /// The same syllables packed into integers (one byte per letter, at most six letters), so a
    /// lookup hashes one integer instead of building a string.
    private static let packedSyllables: Set<UInt64> = Set(syllables.map { pack($0.utf8) })

    private static func pack(_ letters: some Sequence<UInt8>) -> UInt64 {
        letters.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Whether `word` (case-insensitive) splits into one to three syllables.
    static func isSyllables(_ word: String) -> Bool {
        let count = word.utf8.count
        guard count >= 1, count <= 18 else { return false }
        // On the stack: a heap array here cost a generic allocation per token.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { letters in
            for (index, byte) in word.utf8.enumerated() {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): letters[index] = byte
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): letters[index] = byte + 0x20
                default: return false   // pinyin is spelt in ASCII letters (ü as v)
                }
            }
            // reachable[i] = the number of syllables needed to spell letters[0..<i], if it can be spelt.
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: count + 1) { reachable in
                reachable.initialize(repeating: .max)
                reachable[0] = 0
                for start in 0..<count {
                    let used = reachable[start]
                    guard used < 3 else { continue }
                    var packed: UInt64 = 0
                    for length in 1...6 where start + length <= count {
                        packed = packed << 8 | UInt64(letters[start + length - 1])
                        if packedSyllables.contains(packed) && reachable[start + length] > used + 1 {
                            reachable[start + length] = used + 1
                        }
                    }
                }
                return reachable[count] != .max
            }
        }
    }

    /// Whether every space-separated token of `name` is spelt in pinyin.
    static func isName(_ name: String) -> Bool {
        let tokens = name.split(separator: " ")
        return tokens.count >= 2 && tokens.allSatisfy { isSyllables(String($0)) }
    }
}
