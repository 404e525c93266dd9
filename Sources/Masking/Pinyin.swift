/// Hanyu Pinyin syllables without tones, to tell a romanised Chinese name (`Zhang Xiaoming`) from
/// English words that happen to follow a surname-like token (`He Said`).
enum Pinyin {
    /// The finals each initial combines with in standard Hanyu Pinyin, as written (ü as v after n
    /// and l, as u after j, q, x and y; `yi`, `wu` and the like spelt with y and w), plus the
    /// passport spellings lyu and nyu. About 410 syllables: strict enough that English words made of
    /// pinyin-like pieces (Avenue = a·ve·nue, Said = sa·i) are refused.
    private static let finalsByInitial: [(initial: String, finals: String)] = [
        ("", "a o e ai ei ao ou an en ang eng er"),
        ("b", "a o ai ei ao an en ang eng i ie iao ian in ing u"),
        ("p", "a o ai ei ao ou an en ang eng i ie iao ian in ing u"),
        ("m", "a o e ai ei ao ou an en ang eng i ie iao iu ian in ing u"),
        ("f", "a o ei ou an en ang eng u"),
        ("d", "a e ai ei ao ou an en ang eng ong i ia ie iao iu ian ing u uo ui uan un"),
        ("t", "a e ai ao ou an ang eng ong i ie iao ian ing u uo ui uan un"),
        ("n", "a e ai ei ao ou an en ang eng ong i ie iao iu ian in iang ing u uo uan v ve ue yu"),
        ("l", "a o e ai ei ao ou an ang eng ong i ia ie iao iu ian in iang ing u uo uan un v ve ue yu"),
        ("g", "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang"),
        ("k", "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang"),
        ("h", "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang"),
        ("j", "i ia ie iao iu ian in iang ing iong u ue uan un"),
        ("q", "i ia ie iao iu ian in iang ing iong u ue uan un"),
        ("x", "i ia ie iao iu ian in iang ing iong u ue uan un"),
        ("zh", "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang"),
        ("ch", "a e i ai ao ou an en ang eng ong u ua uo uai ui uan un uang"),
        ("sh", "a e i ai ei ao ou an en ang eng u ua uo uai ui uan un uang"),
        ("r", "e i ao ou an en ang eng ong u ua uo ui uan un"),
        ("z", "a e i ai ei ao ou an en ang eng ong u uo ui uan un"),
        ("c", "a e i ai ao ou an en ang eng ong u uo ui uan un"),
        ("s", "a e i ai ao ou an en ang eng ong u uo ui uan un"),
        ("y", "a o e i ao ou an in ang ing ong u ue uan un"),
        ("w", "a o u ai ei an en ang eng"),
    ]

    /// Every syllable of ``finalsByInitial``.
    static let syllables: Set<String> = {
        var result: Set<String> = []
        for (initial, finals) in finalsByInitial {
            for final in finals.split(separator: " ") { result.insert(initial + final) }
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
