import Foundation

/// Why a Merkle proof was rejected.
public enum ProofError: Error, Sendable, Equatable, CustomStringConvertible {
    case indexOutOfRange(index: Int, size: Int)
    case badHashLength(Int)
    case wrongProofLength
    case rootMismatch
    case sizesOutOfOrder(old: Int, new: Int)
    case emptyOldTree

    public var description: String {
        switch self {
        case let .indexOutOfRange(index, size): return "leaf index \(index) is not below tree size \(size)"
        case let .badHashLength(length): return "a hash is \(length) bytes, not 32"
        case .wrongProofLength: return "the proof has the wrong number of hashes for these tree sizes"
        case .rootMismatch: return "the proof does not lead to the expected root hash"
        case let .sizesOutOfOrder(old, new): return "old tree size \(old) is larger than new tree size \(new)"
        case .emptyOldTree: return "a consistency proof from an empty tree is meaningless"
        }
    }
}

/// Verification of RFC 6962 proofs, following the algorithms of RFC 9162 §2.1.3.2 (inclusion)
/// and §2.1.4.2 (consistency).
public enum MerkleVerifier {
    /// Checks that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`.
    public static func verifyInclusion(leafHash: Data, index: Int, size: Int, proof: [Data], root: Data) throws(ProofError) {
        guard index >= 0, index < size else { throw .indexOutOfRange(index: index, size: size) }
        for hash in [leafHash, root] + proof where hash.count != 32 { throw .badHashLength(hash.count) }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { throw .wrongProofLength }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .wrongProofLength }
        guard r == root else { throw .rootMismatch }
    }

    /// Checks that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of
    /// `newSize` leaves with root `newRoot`.
    public static func verifyConsistency(oldSize: Int, newSize: Int, oldRoot: Data, newRoot: Data, proof: [Data]) throws(ProofError) {
        guard oldSize <= newSize else { throw .sizesOutOfOrder(old: oldSize, new: newSize) }
        guard oldSize > 0 else { throw .emptyOldTree }
        // Equal sizes: the trees are the same exactly when the roots are (as transparency-dev/merkle
        // decides it: no hashing happens, so hash lengths are not checked).
        if oldSize == newSize {
            guard proof.isEmpty else { throw .wrongProofLength }
            guard oldRoot == newRoot else { throw .rootMismatch }
            return
        }
        for hash in [oldRoot, newRoot] + proof where hash.count != 32 { throw .badHashLength(hash.count) }
        guard !proof.isEmpty else { throw .wrongProofLength }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { throw .wrongProofLength }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .wrongProofLength }
        guard fr == oldRoot, sr == newRoot else { throw .rootMismatch }
    }
}
