/// Words of Chinese characters looked up at a position of a text's code points: the name model's
/// stop words (金额), following words (明天) and place words (小区). A bitmap of their first
/// characters rejects most positions before any hashing.
struct WordsByFirstCharacter: Sendable {
    private let words: [UInt32: [[UInt32]]]
    private let firsts: HanCharacterSet

    init(_ list: [String]) {
        var words: [UInt32: [[UInt32]]] = [:]
        for word in list {
            let values = word.unicodeScalars.map(\.value)
            if let first = values.first { words[first, default: []].append(values) }
        }
        self.words = words
        firsts = HanCharacterSet(words.keys.compactMap(Unicode.Scalar.init))
    }

    /// The length of the first of the words that starts at `start`, or nil when none does.
    func length(at start: Int, in scalars: [UInt32]) -> Int? {
        guard start >= 0, start < scalars.count, firsts.contains(scalars[start]), let candidates = words[scalars[start]] else { return nil }
        for word in candidates where start + word.count <= scalars.count {
            if (0..<word.count).allSatisfy({ scalars[start + $0] == word[$0] }) { return word.count }
        }
        return nil
    }
}
