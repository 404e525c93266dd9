/// Every cue word and required word of a policy, found in one pass over a text. The detector uses
/// it to skip recognizers that cannot produce a finding: one that needs a cue word to reach the
/// minimum score when no such word is in the text, or one whose `requires_any` words are all absent.
///
/// A class, immutable after creation, so that handing it on costs one retain, not one per array.
final class CueIndex: Sendable {
    /// Every word's folded, lower-cased bytes, one after another: word `id` is
    /// `bytes[wordStart[id] ..< wordStart[id + 1]]`. (An array of arrays cost a retain and a release
    /// per word compared.)
    private let bytes: [UInt8]
    private let wordStart: [Int32]
    private let names: [String]
    /// Two-byte words by their bytes, and longer words by a 16-bit hash of their first three
    /// (lower-cased) bytes: most positions are rejected by one bit test. Three bytes tell Chinese
    /// words apart where two (the lead bytes of a block of 64 characters) did not: with a hundred
    /// place names, most Chinese characters started a pair.
    private let pairs: Buckets
    private let triples: Buckets

    /// Word ids by a 16-bit key, in about 20 KB whatever the number of keys: bit `k` of `bits` is set
    /// when key `k` has words, and its words are `ids[start[r] ..< start[r + 1]]` where `r` is the
    /// number of set bits before bit `k` (`rank` holds that count up to each 64-bit word). A table of
    /// every key's start took 256 KB per bucket set, and in a text's pass over 76 recognizers the
    /// look-ups missed the cache.
    struct Buckets: Sendable {
        let bits: [UInt64]
        let rank: [Int32]
        let start: [Int32]
        let ids: [Int32]

        init(_ keyed: [(key: Int, id: Int)]) {
            var byKey: [Int: [Int32]] = [:]
            for (key, id) in keyed { byKey[key, default: []].append(Int32(id)) }
            var bits = [UInt64](repeating: 0, count: 65_536 / 64)
            for key in byKey.keys { bits[key >> 6] |= 1 << UInt64(key & 63) }
            var rank: [Int32] = []
            var total: Int32 = 0
            for word in bits {
                rank.append(total)
                total += Int32(word.nonzeroBitCount)
            }
            var start: [Int32] = []
            var ids: [Int32] = []
            for key in byKey.keys.sorted() {
                start.append(Int32(ids.count))
                ids += byKey[key]!
            }
            start.append(Int32(ids.count))
            self.bits = bits
            self.rank = rank
            self.start = start
            self.ids = ids
        }
    }

    @inline(__always) static func tripleKey(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        let packed = UInt32(a) << 16 | UInt32(b) << 8 | UInt32(c)
        return Int((packed &* 2_654_435_761) >> 16)
    }

    init(words: [String]) {
        let folded = words.map(ContextRule.foldedBytes)
        var pairKeys: [(key: Int, id: Int)] = [], tripleKeys: [(key: Int, id: Int)] = []
        var bytes: [UInt8] = []
        var wordStart: [Int32] = []
        for (id, word) in folded.enumerated() {
            wordStart.append(Int32(bytes.count))
            bytes += word
            if word.count == 2 {
                pairKeys.append((Int(word[0]) << 8 | Int(word[1]), id))
            } else if word.count >= 3 {
                tripleKeys.append((CueIndex.tripleKey(word[0], word[1], word[2]), id))
            }
        }
        wordStart.append(Int32(bytes.count))
        self.bytes = bytes
        self.wordStart = wordStart
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
        let wordCount = wordStart.count - 1
        var found: [UInt64] = []
        found.reserveCapacity((wordCount + 63) / 64)
        for _ in 0..<(wordCount + 63) / 64 { found.append(0) }
        var hits: [CueOccurrences.Hit] = []
        guard text.count >= 2 else { return CueOccurrences(present: found, hits: hits, names: names) }
        text.withUnsafeBufferPointer { buffer in
        bytes.withUnsafeBufferPointer { bytes in
        wordStart.withUnsafeBufferPointer { wordStart in
        found.withUnsafeMutableBufferPointer { found in
            /// Records every word with `key` in `buckets` that occurs at `start`.
            func check(_ buckets: UnsafeBuckets, _ key: Int, at start: Int) {
                let word = key >> 6, bit = UInt64(key & 63)
                let slot = Int(buckets.rank[word]) + (buckets.bits[word] & ((1 << bit) &- 1)).nonzeroBitCount
                for index in Int(buckets.start[slot])..<Int(buckets.start[slot + 1]) {
                    let id = Int(buckets.ids[index])
                    let first = Int(wordStart[id]), length = Int(wordStart[id + 1]) - first
                    guard start + length <= buffer.count else { continue }
                    var equal = true
                    for offset in 0..<length where ContextRule.lowercased(buffer[start + offset]) != bytes[first + offset] {
                        equal = false
                        break
                    }
                    if equal && ContextRule.isWord(first: bytes[first], last: bytes[first + length - 1], at: start, length: length, in: buffer) {
                        found[id >> 6] |= 1 << UInt64(id & 63)
                        hits.append(CueOccurrences.Hit(start: start, end: start + length, id: id))
                    }
                }
            }
            pairs.withUnsafe { pairs in
            triples.withUnsafe { triples in
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
                        if triples.bits[key >> 6] & (1 << UInt64(key & 63)) != 0 { check(triples, key, at: index - 2) }
                    }
                    if second & 0xC0 != 0x80 {
                        let pair = Int(second) << 8 | Int(third)
                        if pairs.bits[pair >> 6] & (1 << UInt64(pair & 63)) != 0 { check(pairs, pair, at: index - 1) }
                    }
                    first = second
                    second = third
                }
            }
            }
        }
        }
        }
        }
        return CueOccurrences(present: found, hits: hits, names: names)
    }
}

/// ``CueIndex/Buckets`` as buffer pointers, for the scan's inner loop.
struct UnsafeBuckets {
    let bits: UnsafeBufferPointer<UInt64>
    let rank: UnsafeBufferPointer<Int32>
    let start: UnsafeBufferPointer<Int32>
    let ids: UnsafeBufferPointer<Int32>
}

extension CueIndex.Buckets {
    func withUnsafe<R>(_ body: (UnsafeBuckets) -> R) -> R {
        bits.withUnsafeBufferPointer { bits in
            rank.withUnsafeBufferPointer { rank in
                start.withUnsafeBufferPointer { start in
                    ids.withUnsafeBufferPointer { ids in
                        body(UnsafeBuckets(bits: bits, rank: rank, start: start, ids: ids))
                    }
                }
            }
        }
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
