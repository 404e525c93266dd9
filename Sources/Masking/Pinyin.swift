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

    /// Whether `word` (case-insensitive) splits into one to three syllables.
    static func isSyllables(_ word: String) -> Bool {
        let letters = Array(word.lowercased())
        guard !letters.isEmpty, letters.count <= 18 else { return false }
        // reachable[i] = the number of syllables needed to spell letters[0..<i], if it can be spelt.
        var reachable = [Int?](repeating: nil, count: letters.count + 1)
        reachable[0] = 0
        for start in 0..<letters.count {
            guard let used = reachable[start], used < 3 else { continue }
            for length in 1...6 where start + length <= letters.count {
                if syllables.contains(String(letters[start..<start + length])) {
                    let next = used + 1
                    if reachable[start + length] == nil || reachable[start + length]! > next { reachable[start + length] = next }
                }
            }
        }
        return reachable[letters.count] != nil
    }

    /// Whether every space-separated token of `name` is spelt in pinyin.
    static func isName(_ name: String) -> Bool {
        let tokens = name.split(separator: " ")
        return tokens.count >= 2 && tokens.allSatisfy { isSyllables(String($0)) }
    }
}
