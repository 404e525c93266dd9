/// Every cue word and required word of a policy, found in one pass over a text. The detector uses
/// it to skip recognizers that cannot produce a finding: one that needs a cue word to reach the
/// minimum score when no such word is in the text, or one whose `requires_any` words are all absent.
struct CueIndex: Sendable {
    private let words: [[UInt8]]
    private let names: [String]
    /// Word ids by their first two (lower-cased) bytes, flattened: the ids of pair `p` are
    /// `pairWords[pairStart[p]..<pairStart[p + 1]]` (an array index where a dictionary lookup
    /// used to hash the pair at every candidate position).
    private let pairStart: [Int32]
    private let pairWords: [Int32]
    /// Bit `pair` is set when some word starts with that byte pair: most positions are rejected here.
    private let pairBits: [UInt64]

    /// Indexes `words` (folded and lower-cased like context cues); ids are positions in the array.
    init(words: [String]) {
        let folded = words.map(ContextRule.foldedBytes)
        var byPair: [UInt16: [Int]] = [:]
        var bits = [UInt64](repeating: 0, count: 65_536 / 64)
        for (id, word) in folded.enumerated() where word.count >= 2 {
            let pair = UInt16(word[0]) << 8 | UInt16(word[1])
            byPair[pair, default: []].append(id)
            bits[Int(pair) >> 6] |= 1 << UInt64(pair & 63)
        }
        self.words = folded
        self.names = words
        var ids: [String: Int] = [:]
        for (id, word) in words.enumerated() where ids[word] == nil { ids[word] = id }
        self.ids = ids
        var starts = [Int32](repeating: 0, count: 65_537)
        var flat: [Int32] = []
        for pair in 0..<65_536 {
            starts[pair] = Int32(flat.count)
            if let list = byPair[UInt16(pair)] { flat += list.map(Int32.init) }
        }
        starts[65_536] = Int32(flat.count)
        self.pairStart = starts
        self.pairWords = flat
        self.pairBits = bits
    }

    /// Word → id, for context rules to resolve their words once.
    let ids: [String: Int]

    /// The words that occur in `text`, with every place each occurs.
    func occurrences(in text: [UInt8]) -> CueOccurrences {
        var found = [UInt64](repeating: 0, count: (words.count + 63) / 64)
        var hits: [CueOccurrences.Hit] = []
        guard text.count >= 2 else { return CueOccurrences(present: found, hits: hits, names: names) }
        text.withUnsafeBufferPointer { buffer in
            pairBits.withUnsafeBufferPointer { pairBits in
                pairStart.withUnsafeBufferPointer { pairStart in
                    var previous = ContextRule.lowercased(buffer[0])
                    for index in 1..<buffer.count {
                        let current = ContextRule.lowercased(buffer[index])
                        let pair = Int(previous) << 8 | Int(current)
                        previous = current
                        guard pairBits[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                        let start = index - 1
                        for slot in Int(pairStart[pair])..<Int(pairStart[pair + 1]) {
                            let id = Int(pairWords[slot])
                            let word = words[id]
                            guard start + word.count <= buffer.count else { continue }
                            var equal = true
                            for offset in 2..<max(2, word.count) where ContextRule.lowercased(buffer[start + offset]) != word[offset] {
                                equal = false
                                break
                            }
                            if equal {
                                found[id >> 6] |= 1 << UInt64(id & 63)
                                hits.append(CueOccurrences.Hit(start: start, end: start + word.count, id: id))
                            }
                        }
                    }
                }
            }
        }
        return CueOccurrences(present: found, hits: hits, names: names)
    }

}

/// Where the policy's cue words occur in one text: computed once, then every context rule and gate
/// looks words up here instead of scanning the text again.
public struct CueOccurrences: Sendable {
    struct Hit: Sendable {
        var start: Int
        var end: Int
        var id: Int
    }

    let present: [UInt64]
    /// Every occurrence, sorted by start.
    let hits: [Hit]
    let names: [String]

    /// The first occurrence of one of `ids` that starts in `range` and ends by `end`, as its word.
    func first(of ids: [Int], startingIn range: Range<Int>, endingBy end: Int) -> String? {
        guard !hits.isEmpty, !range.isEmpty, !ids.isEmpty else { return nil }
        var low = 0, high = hits.count
        while low < high {
            let mid = (low + high) / 2
            if hits[mid].start < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        while low < hits.count && hits[low].start < range.upperBound {
            let hit = hits[low]
            if hit.end <= end && ids.contains(hit.id) { return names[hit.id] }
            low += 1
        }
        return nil
    }
}
