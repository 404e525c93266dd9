import Foundation

/// Builds RFC 6962 inclusion and consistency proofs from stored complete-subtree hashes.
///
/// Every proof element is the hash of a range of leaves; a range that is a complete subtree is one
/// stored node, any other range is split at its largest power of two. Proofs therefore cost
/// O(log n) node reads, which the caller supplies through ``NodeSource``.
public struct MerkleProofBuilder: Sendable {
    /// Reads the hashes of complete subtrees (level 0 = leaf hashes), in the order asked.
    public typealias NodeSource = @Sendable ([(level: Int, index: Int)]) throws -> [Data]

    public init() {}

    /// A range of leaves `[start, end)` and the complete subtrees that compose it.
    struct Range {
        var start: Int
        var end: Int

        /// Complete subtrees covering the range, left to right (the range's MTH folds them from the right).
        var subtrees: [(level: Int, index: Int)] {
            var result: [(Int, Int)] = []
            var position = start
            while position < end {
                var level = 0
                while position % (1 << (level + 1)) == 0 && position + (1 << (level + 1)) <= end { level += 1 }
                result.append((level, position >> level))
                position += 1 << level
            }
            return result
        }
    }

    /// PATH(m, D[n]) of RFC 6962 §2.1.1, as leaf ranges.
    static func inclusionRanges(index: Int, size: Int) -> [Range] {
        var ranges: [Range] = []
        var m = index
        var start = 0
        var end = size
        while end - start > 1 {
            let k = largestPowerOfTwo(below: end - start)
            if m < k {
                ranges.append(Range(start: start + k, end: end))
                end = start + k
            } else {
                ranges.append(Range(start: start, end: start + k))
                start += k
                m -= k
            }
        }
        return ranges.reversed()
    }

    /// PROOF(m, D[n]) of RFC 6962 §2.1.2 (SUBPROOF with b = true), as leaf ranges.
    static func consistencyRanges(from m: Int, to n: Int) -> [Range] {
        var ranges: [Range] = []
        var m = m
        var start = 0
        var end = n
        var complete = true
        while m != end - start {
            let k = largestPowerOfTwo(below: end - start)
            if m <= k {
                ranges.append(Range(start: start + k, end: end))
                end = start + k
            } else {
                ranges.append(Range(start: start, end: start + k))
                start += k
                m -= k
                complete = false
            }
        }
        if !complete { ranges.append(Range(start: start, end: end)) }
        return ranges.reversed()
    }

    /// The inclusion proof of leaf `index` in the tree of `size` leaves.
    public func inclusionProof(index: Int, size: Int, nodes: NodeSource) throws -> [Data] {
        precondition(index >= 0 && index < size)
        return try hashes(of: MerkleProofBuilder.inclusionRanges(index: index, size: size), nodes: nodes)
    }

    /// The consistency proof between the trees of `oldSize` and `newSize` leaves (0 < old ≤ new).
    public func consistencyProof(from oldSize: Int, to newSize: Int, nodes: NodeSource) throws -> [Data] {
        precondition(oldSize > 0 && oldSize <= newSize)
        return try hashes(of: MerkleProofBuilder.consistencyRanges(from: oldSize, to: newSize), nodes: nodes)
    }

    private func hashes(of ranges: [Range], nodes: NodeSource) throws -> [Data] {
        let perRange = ranges.map(\.subtrees)
        let fetched = try nodes(perRange.flatMap { $0 })
        var cursor = 0
        return perRange.map { subtrees in
            let slice = fetched[cursor..<(cursor + subtrees.count)]
            cursor += subtrees.count
            var hash = slice.last!
            for left in slice.dropLast().reversed() { hash = MerkleHash.node(left, hash) }
            return hash
        }
    }

    static func largestPowerOfTwo(below n: Int) -> Int {
        precondition(n > 1)
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
