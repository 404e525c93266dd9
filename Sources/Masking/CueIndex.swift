/// Every cue word and required word of a policy, found in one pass over a text. The detector uses
/// it to skip recognizers that cannot produce a finding: one that needs a cue word to reach the
/// minimum score when no such word is in the text, or one whose `requires_any` words are all absent.
///
/// A class, immutable after creation, so that handing it on costs one retain, not one per array.
final class CueIndex: Sendable {
    private let words: [[UInt8]]
    private let names: [String]
    /// Two-byte words by their bytes, and longer words by a 16-bit hash of their first three
    /// (lower-cased) bytes, each flattened: the ids of key `k` are `ids[start[k]..<start[k + 1]]`,
    /// and bit `k` of `bits` is set when the list is not empty, so most positions are rejected by
    /// one bit test. Three bytes tell Chinese words apart where two (the lead bytes of a block of
    /// 64 characters) did not: with a hundred place names, most Chinese characters started a pair.
    private let pairs: Buckets
    private let triples: Buckets

    struct Buckets: Sendable {
        let start: [Int32]
        let ids: [Int32]
        let bits: [UInt64]

        init(_ keyed: [(key: Int, id: Int)]) {
            var byKey = [[Int32]](repeating: [], count: 65_536)
            var bits = [UInt64](repeating: 0, count: 65_536 / 64)
            for (key, id) in keyed {
                byKey[key].append(Int32(id))
                bits[key >> 6] |= 1 << UInt64(key & 63)
            }
            var start = [Int32](repeating: 0, count: 65_537)
            var flat: [Int32] = []
            for key in 0..<65_536 {
                start[key] = Int32(flat.count)
                flat += byKey[key]
            }
            start[65_536] = Int32(flat.count)
            self.start = start
            self.ids = flat
            self.bits = bits
        }
    }

    @inline(__always) static func tripleKey(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        let packed = UInt32(a) << 16 | UInt32(b) << 8 | UInt32(c)
        return Int((packed &* 2_654_435_761) >> 16)
    }

    init(words: [String]) {
        let folded = words.map(ContextRule.foldedBytes)
        var pairKeys: [(key: Int, id: Int)] = [], tripleKeys: [(key: Int, id: Int)] = []
        for (id, word) in folded.enumerated() {
            if word.count == 2 {
                pairKeys.append((Int(word[0]) << 8 | Int(word[1]), id))
            } else if word.count >= 3 {
                tripleKeys.append((CueIndex.tripleKey(word[0], word[1], word[2]), id))
            }
        }
        self.words = folded
        self.names = words
        var ids: [String: Int] = [:]
        for (id, word) in words.enumerated() where ids[word] == nil { ids[word] = id }
        self.ids = ids
        pairs = Buckets(pairKeys)
        triples = Buckets(tripleKeys)
    }

    let ids: [String: Int]

    func occurrences(in text: [UInt8]) -> CueOccurrences {
        // Reserved and appended rather than `Array(repeating:count:)`, whose allocation goes
        // through the standard library's unspecialised path and a runtime metadata lookup.
        var found: [UInt64] = []
        found.reserveCapacity((words.count + 63) / 64)
        for _ in 0..<(words.count + 63) / 64 { found.append(0) }
        var hits: [CueOccurrences.Hit] = []
        guard text.count >= 2 else { return CueOccurrences(present: found, hits: hits, names: names) }
        text.withUnsafeBufferPointer { buffer in
            pairs.bits.withUnsafeBufferPointer { pairBits in
                triples.bits.withUnsafeBufferPointer { tripleBits in
                    /// Records every word of bucket `key` that occurs at `start`.
                    func check(_ buckets: Buckets, _ key: Int, at start: Int) {
                        for slot in Int(buckets.start[key])..<Int(buckets.start[key + 1]) {
                            let id = Int(buckets.ids[slot])
                            let word = words[id]
                            guard start + word.count <= buffer.count else { continue }
                            var equal = true
                            for offset in 0..<word.count where ContextRule.lowercased(buffer[start + offset]) != word[offset] {
                                equal = false
                                break
                            }
                            if equal && ContextRule.isWord(word, at: start, in: buffer) {
                                found[id >> 6] |= 1 << UInt64(id & 63)
                                hits.append(CueOccurrences.Hit(start: start, end: start + word.count, id: id))
                            }
                        }
                    }
                    // At each index the word starting two bytes back (three or more bytes) is
                    // checked before the one starting one byte back (two bytes): hits stay sorted
                    // by start.
                    var first: UInt8 = 0
                    var second = ContextRule.lowercased(buffer[0])
                    // No word starts with a UTF-8 continuation byte (two of every three bytes of
                    // Chinese text): those positions are skipped before any hashing.
                    for index in 1..<buffer.count {
                        let third = ContextRule.lowercased(buffer[index])
                        if index >= 2 && first & 0xC0 != 0x80 {
                            let key = CueIndex.tripleKey(first, second, third)
                            if tripleBits[key >> 6] & (1 << UInt64(key & 63)) != 0 { check(triples, key, at: index - 2) }
                        }
                        if second & 0xC0 != 0x80 {
                            let pair = Int(second) << 8 | Int(third)
                            if pairBits[pair >> 6] & (1 << UInt64(pair & 63)) != 0 { check(pairs, pair, at: index - 1) }
                        }
                        first = second
                        second = third
                    }
                }
            }
        }
        return CueOccurrences(present: found, hits: hits, names: names)
    }

}

/// Where a policy's cue words occur in one text. A class: every recognizer run over the text reads
/// it, and a reference costs one retain where a struct copied three arrays.
public final class CueOccurrences: Sendable {
    struct Hit: Sendable {
        var start: Int
        var end: Int
        var id: Int
    }

    let present: [UInt64]
    /// Every occurrence, sorted by start.
    let hits: [Hit]
    let names: [String]

    init(present: [UInt64], hits: [Hit], names: [String]) {
        self.present = present
        self.hits = hits
        self.names = names
    }

    /// Whether any of `ids` occurs anywhere in the text.
    @inline(__always) func containsAny(of ids: [Int]) -> Bool {
        for id in ids where present[id >> 6] & (1 << UInt64(id & 63)) != 0 { return true }
        return false
    }

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
