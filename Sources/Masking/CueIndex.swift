/// Every cue word and required word of a policy, found in one pass over a text. The detector uses
/// it to skip recognizers that cannot produce a finding: one that needs a cue word to reach the
/// minimum score when no such word is in the text, or one whose `requires_any` words are all absent.
struct CueIndex: Sendable {
    private let words: [[UInt8]]
    private let names: [String]
    /// Word ids by their first two (lower-cased) bytes.
    private let byPair: [UInt16: [Int]]
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
        self.byPair = byPair
        self.pairBits = bits
    }

    /// The words that occur in `text`, with every byte offset where each starts.
    func occurrences(in text: [UInt8]) -> CueOccurrences {
        var found = [UInt64](repeating: 0, count: (words.count + 63) / 64)
        var positions: [String: [Int]] = [:]
        guard text.count >= 2 else { return CueOccurrences(present: found, positions: positions) }
        text.withUnsafeBufferPointer { buffer in
            var previous = ContextRule.lowercased(buffer[0])
            for index in 1..<buffer.count {
                let current = ContextRule.lowercased(buffer[index])
                let pair = UInt16(previous) << 8 | UInt16(current)
                previous = current
                guard pairBits[Int(pair) >> 6] & (1 << UInt64(pair & 63)) != 0, let ids = byPair[pair] else { continue }
                let start = index - 1
                for id in ids {
                    let word = words[id]
                    guard start + word.count <= buffer.count else { continue }
                    var equal = true
                    for offset in 2..<max(2, word.count) where ContextRule.lowercased(buffer[start + offset]) != word[offset] {
                        equal = false
                        break
                    }
                    if equal {
                        found[id >> 6] |= 1 << UInt64(id & 63)
                        positions[names[id], default: []].append(start)
                    }
                }
            }
        }
        return CueOccurrences(present: found, positions: positions)
    }

    /// Whether any of `ids` is in `present`.
    static func any(_ ids: [Int], in present: [UInt64]) -> Bool {
        ids.contains { present[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
    }
}

/// Where the policy's cue words occur in one text: computed once, then every context rule and gate
/// looks words up here instead of scanning the text again.
public struct CueOccurrences: Sendable {
    let present: [UInt64]
    /// Word (as written in the policy) → sorted byte offsets where it starts.
    let positions: [String: [Int]]

    /// Whether any of `words` starts in `range`.
    func contains(any words: [String], startingIn range: Range<Int>) -> Bool {
        guard !positions.isEmpty, !range.isEmpty else { return false }
        for word in words {
            guard let starts = positions[word] else { continue }
            var low = 0, high = starts.count
            while low < high {
                let mid = (low + high) / 2
                if starts[mid] < range.lowerBound { low = mid + 1 } else { high = mid }
            }
            if low < starts.count && starts[low] < range.upperBound { return true }
        }
        return false
    }

    /// The first of `words` that starts in `range` and ends by `end`.
    func first(of words: [String], startingIn range: Range<Int>, endingBy end: Int, lengths: [Int]) -> String? {
        guard !positions.isEmpty, !range.isEmpty else { return nil }
        for (word, length) in zip(words, lengths) {
            guard let starts = positions[word] else { continue }
            for start in starts where range.contains(start) && start + length <= end { return word }
        }
        return nil
    }
}
