import Foundation
import Testing
@testable import AuditTrail

@Suite("Signed-note keys")
struct NoteSignerTests {
    static func positives() throws -> [[String: Any]] {
        try TestVectors.json("signed_notes.json")["positive"] as? [[String: Any]] ?? []
    }

    @Test("Signer keys from the vectors give their verifier keys and reproduce their signatures byte for byte")
    func vectors() throws {
        let cases = try Self.positives().filter { $0["skey"] is String && $0["vkey"] is String }
        #expect(!cases.isEmpty)
        var signaturesCompared = 0
        for vector in cases {
            let signer = try NoteSigner(signerKey: vector["skey"] as! String)
            #expect(signer.verifierKey == vector["vkey"] as! String)
            #expect(signer.signerKey == vector["skey"] as! String)
            if let text = vector["text"] as? String, let signed = vector["signed_note"] as? String,
               signed.components(separatedBy: "\n— ").count == 2 {
                #expect(try signer.sign(note: text) == signed, "\(vector["id"] ?? "")")
                signaturesCompared += 1
            }
        }
        #expect(signaturesCompared >= 1)
    }

    @Test("A generated key round-trips through its text form")
    func generatedRoundTrip() throws {
        let signer = try NoteSigner(generatingFor: "hegui.test/audit")
        let parsed = try NoteSigner(signerKey: signer.signerKey)
        #expect(parsed.verifierKey == signer.verifierKey)
        #expect(signer.verifierKey.hasPrefix("hegui.test/audit+"))
        #expect(signer.keyID.count == 4)
    }

    @Test("Malformed keys are rejected with the reason", arguments: [
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",   // a verifier key, not a signer key
        "PRIVATE+KEY+PeterNeumann+00000000+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", // wrong key id
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEK",                                 // truncated
        "PRIVATE+KEY+bad name+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",   // space in name
    ])
    func malformed(key: String) {
        #expect(throws: NoteKeyError.self) { try NoteSigner(signerKey: key) }
    }

    @Test("Secret files are created with mode 0600 and never overwritten")
    func keyFileMode() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-key-\(UUID().uuidString)/log.key").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try KeyFile.writeSecret("secret\n", to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(throws: (any Error).self) { try KeyFile.writeSecret("other\n", to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "secret\n")
    }
}
