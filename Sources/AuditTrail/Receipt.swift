import Foundation

/// A self-contained proof that one entry is in the log, for an officer to hand to a regulator:
///
/// ```json
/// {"entry": {…}, "leaf": "<base64 of the exact leaf bytes>", "index": n, "tree_size": N,
///  "proof": ["<base64 hash>", …], "checkpoint": "<signed note text>", "verifier_key": "<vkey>"}
/// ```
///
/// ``verify(trusting:)`` checks it offline: checkpoint signature, checkpoint size = proof tree size,
/// inclusion of SHA-256(0x00 ‖ leaf) under the checkpoint's root, and that `entry` is the leaf.
public struct Receipt: Sendable, Codable, Equatable {
    public var entry: AuditEntry
    public var leaf: String
    public var index: Int
    public var treeSize: Int
    public var proof: [String]
    public var checkpoint: String
    public var verifierKey: String

    enum CodingKeys: String, CodingKey {
        case entry, leaf, index, treeSize = "tree_size", proof, checkpoint, verifierKey = "verifier_key"
    }

    /// What a successful verification established.
    public struct Verified: Sendable, Equatable {
        public var checkpoint: Checkpoint
        public var entryID: String
        public var index: Int
    }

    /// Verifies the receipt. `trusting` is the verifier key the caller trusts; without one the key
    /// inside the receipt is used, which proves integrity but not who signed.
    public func verify(trusting key: String? = nil) throws -> Verified {
        if let key, key.trimmingCharacters(in: .whitespacesAndNewlines) != verifierKey {
            throw ReceiptError("the receipt names verifier key \(verifierKey), not the trusted key \(key)")
        }
        let verifier = try NoteVerifier(verifierKey: key ?? verifierKey)
        let checkpoint = try Checkpoint.open(self.checkpoint, verifier: verifier)
        guard checkpoint.size == treeSize else {
            throw ReceiptError("the checkpoint is for tree size \(checkpoint.size) but the proof is for size \(treeSize)")
        }
        guard let leafBytes = Data(base64Encoded: leaf) else { throw ReceiptError("'leaf' is not base64") }
        let proofHashes = try proof.enumerated().map { offset, text -> Data in
            guard let hash = Data(base64Encoded: text) else { throw ReceiptError("proof element \(offset) is not base64") }
            return hash
        }
        try MerkleVerifier.verifyInclusion(leafHash: MerkleHash.leaf(leafBytes), index: index, size: treeSize,
                                           proof: proofHashes, root: checkpoint.rootHash)
        let decoded: AuditEntry
        do { decoded = try JSONDecoder().decode(AuditEntry.self, from: leafBytes) } catch {
            throw ReceiptError("the leaf is not an audit entry: \(error)")
        }
        guard decoded == entry else { throw ReceiptError("'entry' differs from the entry in the leaf bytes") }
        guard entry.canonicalJSON() == leafBytes else { throw ReceiptError("the leaf is not the canonical form of the entry") }
        guard entry.sequence == index else { throw ReceiptError("the entry's sequence \(entry.sequence) is not the proof's index \(index)") }
        return Verified(checkpoint: checkpoint, entryID: entry.id, index: index)
    }
}

/// A receipt that does not verify, and why.
public struct ReceiptError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
