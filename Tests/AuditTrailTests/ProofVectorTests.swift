import Foundation
import Testing
@testable import AuditTrail

/// The transparency-dev/merkle probes and the Tessera log in ../shared/testdata/tlog.
@Suite("RFC 6962 proofs against other implementations' vectors")
struct ProofVectorTests {
    static func data(_ value: Any?) -> Data { (value as? String).flatMap { Data(base64Encoded: $0) } ?? Data() }
    static func proof(_ value: Any?) -> [Data] { (value as? [String] ?? []).map { Data(base64Encoded: $0) ?? Data() } }

    /// Runs `verify` on every probe of a transparency-dev vector file: probes marked `wantErr` must be
    /// rejected, the others accepted (and at least one is).
    static func checkProbes(_ file: String, verify: ([String: Any]) throws(ProofError) -> Void) throws {
        let vectors = try TestVectors.json(file)["vectors"] as? [[String: Any]] ?? []
        #expect(vectors.count == 98)
        var accepted = 0
        for vector in vectors {
            let result = Result { () throws(ProofError) in try verify(vector) }
            if vector["wantErr"] as? Bool ?? false {
                #expect(throws: ProofError.self, "\(vector["file"] ?? "")") { try result.get() }
            } else {
                #expect(throws: Never.self, "\(vector["file"] ?? "")") { try result.get() }
                accepted += 1
            }
        }
        #expect(accepted > 0)
    }

    @Test("Every inclusion probe: valid ones verify, every wantErr one is rejected")
    func inclusionProbes() throws {
        try Self.checkProbes("inclusion.json") { vector throws(ProofError) in
            try MerkleVerifier.verifyInclusion(leafHash: Self.data(vector["leafHash"]), index: vector["leafIdx"] as? Int ?? -1,
                                               size: vector["treeSize"] as? Int ?? 0, proof: Self.proof(vector["proof"]),
                                               root: Self.data(vector["root"]))
        }
    }

    @Test("Every consistency probe: valid ones verify, every wantErr one is rejected")
    func consistencyProbes() throws {
        try Self.checkProbes("consistency.json") { vector throws(ProofError) in
            try MerkleVerifier.verifyConsistency(oldSize: vector["size1"] as? Int ?? 0, newSize: vector["size2"] as? Int ?? 0,
                                                 oldRoot: Self.data(vector["root1"]), newRoot: Self.data(vector["root2"]),
                                                 proof: Self.proof(vector["proof"]))
        }
    }

    /// Node source over an in-memory list of leaf hashes, for the proof builder.
    static func nodes(_ leafHashes: [Data]) -> MerkleProofBuilder.NodeSource {
        { coordinates in
            coordinates.map { MerkleHash.root(ofLeafHashes: leafHashes[($0.index << $0.level)..<(($0.index + 1) << $0.level)]) }
        }
    }

    @Test("Rebuilding the Tessera log from its leaves reproduces every signed root, and the signatures verify")
    func tesseraLog() throws {
        let log = try TestVectors.json("tessera_testdata_log.json")
        let leaves = (log["leaves_utf8"] as? [String] ?? []).map { Data($0.utf8) }
        let checkpoints = log["checkpoints"] as? [String: String] ?? [:]
        let verifier = try NoteVerifier(verifierKey: log["vkey"] as! String)
        #expect(checkpoints.count == 16)
        var frontier = MerkleFrontier()
        for size in 0...leaves.count {
            if size > 0 { frontier.append(leafHash: MerkleHash.leaf(leaves[size - 1])) }
            let note = try #require(checkpoints[String(size)])
            let checkpoint = try Checkpoint.open(note, verifier: verifier, origin: log["origin"] as? String)
            #expect(checkpoint.size == size)
            #expect(frontier.rootHash == checkpoint.rootHash, "size \(size)")
        }
    }

    @Test("Our proofs for the Tessera log equal the published ones, and those verify")
    func tesseraProofs() throws {
        let proofs = try TestVectors.json("tessera_testdata_log_proofs.json")
        let leaves = (try TestVectors.json("tessera_testdata_log.json")["leaves_utf8"] as? [String] ?? []).map { MerkleHash.leaf(Data($0.utf8)) }
        let builder = MerkleProofBuilder()
        let inclusion = proofs["inclusion"] as? [[String: Any]] ?? []
        #expect(inclusion.count > 50)
        for vector in inclusion {
            let index = vector["index"] as! Int, size = vector["tree_size"] as! Int
            let expected = Self.proof(vector["proof_b64"])
            let built = try builder.inclusionProof(index: index, size: size, nodes: Self.nodes(Array(leaves[0..<size])))
            #expect(built == expected, "inclusion \(index) in \(size)")
            #expect(throws: Never.self) {
                try MerkleVerifier.verifyInclusion(leafHash: leaves[index], index: index, size: size, proof: expected, root: Self.data(vector["root_b64"]))
            }
        }
        let consistency = proofs["consistency"] as? [[String: Any]] ?? []
        #expect(consistency.count > 50)
        for vector in consistency {
            let old = vector["size1"] as! Int, new = vector["size2"] as! Int
            let expected = Self.proof(vector["proof_b64"])
            if old > 0 {
                let built = try builder.consistencyProof(from: old, to: new, nodes: Self.nodes(Array(leaves[0..<new])))
                #expect(built == expected, "consistency \(old) → \(new)")
            }
            if old > 0 {
                #expect(throws: Never.self, "consistency \(old) → \(new)") {
                    try MerkleVerifier.verifyConsistency(oldSize: old, newSize: new, oldRoot: Self.data(vector["root1_b64"]),
                                                         newRoot: Self.data(vector["root2_b64"]), proof: expected)
                }
            }
        }
    }

    @Test("Proofs built for every index and size pair up to 40 leaves verify")
    func exhaustiveSmallTrees() throws {
        let leaves = (0..<40).map { MerkleHash.leaf(Data("leaf \($0)".utf8)) }
        let builder = MerkleProofBuilder()
        for size in 1...40 {
            let root = MerkleHash.root(ofLeafHashes: leaves[0..<size])
            for index in 0..<size {
                let proof = try builder.inclusionProof(index: index, size: size, nodes: Self.nodes(leaves))
                try MerkleVerifier.verifyInclusion(leafHash: leaves[index], index: index, size: size, proof: proof, root: root)
                #expect(throws: ProofError.self) {
                    try MerkleVerifier.verifyInclusion(leafHash: leaves[(index + 1) % 40], index: index, size: size, proof: proof, root: root)
                }
            }
            for old in 1...size {
                let proof = try builder.consistencyProof(from: old, to: size, nodes: Self.nodes(leaves))
                try MerkleVerifier.verifyConsistency(oldSize: old, newSize: size, oldRoot: MerkleHash.root(ofLeafHashes: leaves[0..<old]),
                                                     newRoot: root, proof: proof)
            }
        }
    }
}
