import Foundation
import Testing
@testable import AuditTrail

@Suite("RFC 6962 hashing")
struct MerkleHashTests {
    @Test("Roots of the reference tree for sizes 0 to 8 (transparency-dev/merkle vectors)")
    func referenceTreeRoots() throws {
        let vectors = try TestVectors.json("reference_tree.json")
        let leaves = (vectors["leaf_inputs_hex"] as? [String] ?? []).map(TestVectors.hex)
        let roots = (vectors["root_hashes_hex"] as? [String] ?? []).map(TestVectors.hex)
        #expect(leaves.count == 8)
        #expect(roots.count == 9)
        let leafHashes = leaves.map(MerkleHash.leaf)
        for size in 0...8 {
            #expect(MerkleHash.root(ofLeafHashes: leafHashes[0..<size]) == roots[size], "size \(size)")
        }
    }

    @Test("Leaf hash of 'hello world' matches the Go sumdb tree note")
    func goSumdbLeaf() throws {
        let vectors = try TestVectors.json("signed_notes.json")
        let body = try #require(vectors["go_sumdb_tree_note_body"] as? [String: Any])
        let text = try #require(body["text"] as? String)
        let rootLine = text.split(separator: "\n")[2]
        #expect(MerkleHash.leaf(Data("hello world".utf8)).base64EncodedString() == rootLine)
    }
}
