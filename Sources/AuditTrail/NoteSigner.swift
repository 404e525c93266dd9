import Crypto
import Foundation

/// An Ed25519 signer for C2SP signed notes (https://c2sp.org/signed-note), the format checkpoints
/// of the audit log are signed in.
///
/// - Key ID: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
/// - Verifier key text: `<name>+<key ID hex>+base64(0x01 ‖ public key)`.
/// - Signer key text (Go's x/mod form): `PRIVATE+KEY+<name>+<key ID hex>+base64(0x01 ‖ seed)`.
public struct NoteSigner: Sendable {
    /// Signature type byte for Ed25519 in signed notes.
    static let ed25519Type: UInt8 = 0x01

    public let name: String
    private let privateKey: Curve25519.Signing.PrivateKey

    /// A new random key for `name` (the log's origin, e.g. `hegui.example.bank/audit`).
    public init(generatingFor name: String) throws(NoteKeyError) {
        try NoteSigner.validate(name: name)
        self.name = name
        self.privateKey = Curve25519.Signing.PrivateKey()
    }

    /// Parses a signer key in the `PRIVATE+KEY+name+hex+base64` form, checking its key ID.
    public init(signerKey text: String) throws(NoteKeyError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // The base64 key material may itself contain "+", so split off the first four fields only.
        let parts = trimmed.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw .malformed("a signer key has the form PRIVATE+KEY+<name>+<hex key id>+<base64>")
        }
        let name = String(parts[2])
        try NoteSigner.validate(name: name)
        guard let raw = Data(base64Encoded: String(parts[4])), raw.count == 33, raw.first == NoteSigner.ed25519Type else {
            throw .malformed("the key material must be base64 of 0x01 followed by a 32-byte Ed25519 seed")
        }
        let key: Curve25519.Signing.PrivateKey
        do { key = try Curve25519.Signing.PrivateKey(rawRepresentation: raw.dropFirst()) } catch {
            throw .malformed("not an Ed25519 seed: \(error)")
        }
        self.name = name
        self.privateKey = key
        guard parts[3] == keyIDHex else {
            throw .malformed("key id \(parts[3]) does not match the key (expected \(keyIDHex))")
        }
    }

    /// The 4-byte key ID.
    public var keyID: Data {
        NoteSigner.keyID(name: name, publicKey: privateKey.publicKey.rawRepresentation)
    }

    var keyIDHex: String { HexText.lowercase(keyID) }

    /// The verifier key to hand to anyone who checks this log's checkpoints.
    public var verifierKey: String {
        "\(name)+\(keyIDHex)+" + (Data([NoteSigner.ed25519Type]) + privateKey.publicKey.rawRepresentation).base64EncodedString()
    }

    /// The signer key text, to be written to a file readable by the service alone.
    public var signerKey: String {
        "PRIVATE+KEY+\(name)+\(keyIDHex)+" + (Data([NoteSigner.ed25519Type]) + privateKey.rawRepresentation).base64EncodedString()
    }

    /// Signs `text` (which must end in a newline) and returns the signed note: the text, a blank
    /// line, and `— <name> base64(key ID ‖ signature)`.
    public func sign(note text: String) throws(NoteKeyError) -> String {
        guard text.hasSuffix("\n") else { throw .malformed("note text must end with a newline") }
        let signature: Data
        do { signature = try privateKey.signature(for: Data(text.utf8)) } catch {
            throw .malformed("signing failed: \(error)")
        }
        return text + "\n— \(name) " + (keyID + signature).base64EncodedString() + "\n"
    }

    static func keyID(name: String, publicKey: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data(name.utf8))
        hasher.update(data: [0x0A, ed25519Type])
        hasher.update(data: publicKey)
        return Data(hasher.finalize().prefix(4))
    }

    /// Key names are non-empty and contain no `+`, whitespace or Unicode spaces (signed-note §"Keys").
    static func validate(name: String) throws(NoteKeyError) {
        guard !name.isEmpty, !name.contains("+"), !name.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else {
            throw .malformed("key name '\(name)' must be non-empty, without '+' or spaces")
        }
    }
}

/// A signer or verifier key that cannot be used.
public enum NoteKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let why): return "unusable note key: \(why)"
        }
    }
}
