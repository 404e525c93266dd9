import Foundation
import Testing
@testable import AuditTrail

@Suite("C2SP signed notes against the shared vectors")
struct SignedNoteVectorTests {
    static func vectors(_ key: String) throws -> [[String: Any]] {
        try TestVectors.json("signed_notes.json")[key] as? [[String: Any]] ?? []
    }

    @Test("Positive vectors verify with their verifier key (other signatures are left alone)")
    func positives() throws {
        let positives = try Self.vectors("positive")
        #expect(positives.count == 3)
        for vector in positives {
            let verifier = try NoteVerifier(verifierKey: vector["vkey"] as! String)
            let note = vector["signed_note"] as! String
            let text = try verifier.verify(note)
            if let expected = vector["text"] as? String { #expect(text == expected) }
        }
    }

    @Test("Negative vectors are rejected: bad keys at parse time, bad notes at verification")
    func negatives() throws {
        let negatives = try Self.vectors("negative")
        #expect(negatives.count >= 6)
        for vector in negatives {
            let key = vector["vkey"] as! String
            guard let note = vector["signed_note"] as? String else {
                #expect(throws: NoteKeyError.self, "\(vector["id"] ?? "")") { try NoteVerifier(verifierKey: key) }
                continue
            }
            let verifier = try NoteVerifier(verifierKey: key)
            #expect(throws: NoteError.self, "\(vector["id"] ?? "")") { try verifier.verify(note) }
        }
    }

    @Test("The transparency-dev test key pairs match each other")
    func testKeyPairs() throws {
        let keys = try TestVectors.json("signed_notes.json")["test_keys"] as? [[String: Any]] ?? []
        let byName = Dictionary(uniqueKeysWithValues: keys.map { ($0["name"] as! String, $0["key"] as! String) })
        var pairs = 0
        for (name, key) in byName where name.hasSuffix("SK") {
            guard let verifierKey = byName[String(name.dropLast(2)) + "VK"] else { continue }
            #expect(try NoteSigner(signerKey: key).verifierKey == verifierKey, "\(name)")
            pairs += 1
        }
        #expect(pairs >= 2)
    }

    @Test("A checkpoint we sign verifies, and a changed byte or another key does not")
    func ownCheckpoints() throws {
        let signer = try NoteSigner(generatingFor: "hegui.test/audit")
        let checkpoint = Checkpoint(origin: signer.name, size: 42, rootHash: Data(repeating: 7, count: 32))
        let note = try signer.sign(note: checkpoint.text)
        let verifier = try NoteVerifier(verifierKey: signer.verifierKey)
        #expect(try Checkpoint.open(note, verifier: verifier, origin: "hegui.test/audit") == checkpoint)
        let tampered = note.replacingOccurrences(of: "\n42\n", with: "\n43\n")
        #expect(throws: NoteError.invalidSignature("hegui.test/audit")) { try verifier.verify(tampered) }
        let other = try NoteVerifier(verifierKey: try NoteSigner(generatingFor: "hegui.test/audit").verifierKey)
        #expect(throws: NoteError.self) { try other.verify(note) }
        #expect(throws: NoteError.self) { try Checkpoint.open(note, verifier: verifier, origin: "someone.else/log") }
    }

    @Test("Checkpoint text must be well formed", arguments: [
        "origin\n", "origin\n042\n" + Data(count: 32).base64EncodedString() + "\n", "origin\n1\nshort\n",
        "\n1\n" + Data(count: 32).base64EncodedString() + "\n", "origin\n1\n" + Data(count: 32).base64EncodedString(),
    ])
    func malformedCheckpoints(text: String) {
        #expect(throws: NoteError.self) { try Checkpoint(text: text) }
    }
}
