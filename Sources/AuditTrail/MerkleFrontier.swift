import Foundation

/// The right edge of an append-only Merkle tree: the roots of the perfect subtrees that make up a
/// tree of `size` leaves, largest (leftmost) first — one per set bit of `size`.
///
/// Appending a leaf merges equal-sized subtrees like a binary counter and reports each interior node
/// it completes, so a store can persist every complete subtree's hash as it is made.
public struct MerkleFrontier: Sendable, Equatable {
    /// A complete subtree: it covers leaves `index·2^level ..< (index+1)·2^level`.
    public struct Node: Sendable, Equatable, Hashable {
        public var level: Int
        public var index: Int
        public var hash: Data

        public init(level: Int, index: Int, hash: Data) {
            self.level = level
            self.index = index
            self.hash = hash
        }
    }

    public private(set) var size: Int = 0
    public private(set) var subtrees: [Node] = []

    public init() {}

    /// A frontier rebuilt from the stored subtree hashes of a tree of `size` leaves.
    public init(size: Int, subtrees: [Node]) {
        self.size = size
        self.subtrees = subtrees
    }

    /// Coordinates of the perfect subtrees of a tree of `size` leaves, left to right.
    public static func subtreeCoordinates(size: Int) -> [(level: Int, index: Int)] {
        var result: [(Int, Int)] = []
        var start = 0
        for level in stride(from: Int.bitWidth - 2, through: 0, by: -1) where size & (1 << level) != 0 {
            result.append((level, start >> level))
            start += 1 << level
        }
        return result
    }

    /// Appends a leaf hash; returns the interior nodes (level ≥ 1) this completes.
    @discardableResult
    public mutating func append(leafHash: Data) -> [Node] {
        var completed: [Node] = []
        var node = Node(level: 0, index: size, hash: leafHash)
        while let last = subtrees.last, last.level == node.level {
            subtrees.removeLast()
            node = Node(level: node.level + 1, index: last.index / 2, hash: MerkleHash.node(last.hash, node.hash))
            completed.append(node)
        }
        subtrees.append(node)
        size += 1
        return completed
    }

    /// MTH of the tree: the subtree roots folded from the right (RFC 6962 §2.1).
    public var rootHash: Data {
        guard var root = subtrees.last?.hash else { return MerkleHash.emptyTree }
        for node in subtrees.dropLast().reversed() { root = MerkleHash.node(node.hash, root) }
        return root
    }
}
