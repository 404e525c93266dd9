import Crypto
import Foundation

/// RFC 6962 §2.1 hashing with domain separation between leaves and interior nodes.
public enum MerkleHash {
    /// MTH({}) = SHA-256() — the hash of an empty tree.
    public static let emptyTree = Data(SHA256.hash(data: Data()))

    /// Leaf hash: SHA-256(0x00 ‖ leaf).
    public static func leaf(_ data: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: data)
        return Data(hasher.finalize())
    }

    /// Interior node hash: SHA-256(0x01 ‖ left ‖ right).
    public static func node(_ left: Data, _ right: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Data(hasher.finalize())
    }

    /// MTH(D[n]) of RFC 6962 §2.1: split at the largest power of two smaller than n, recursively.
    public static func root(ofLeafHashes hashes: ArraySlice<Data>) -> Data {
        switch hashes.count {
        case 0: return emptyTree
        case 1: return hashes.first!
        default:
            var split = 1
            while split << 1 < hashes.count { split <<= 1 }
            let middle = hashes.startIndex + split
            return node(root(ofLeafHashes: hashes[..<middle]), root(ofLeafHashes: hashes[middle...]))
        }
    }
}
