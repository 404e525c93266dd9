import Crypto
import Foundation

/// Verifies C2SP signed notes (https://c2sp.org/signed-note) with one Ed25519 verifier key of the
/// form `<name>+<key ID hex>+base64(0x01 ‖ public key)`.
public struct NoteVerifier: Sendable {
    public let name: String
    public let keyID: Data
    private let publicKey: Curve25519.Signing.PublicKey
    /// The verifier key text this was parsed from.
    public let text: String

    public init(verifierKey text: String) throws(NoteKeyError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("a verifier key has the form <name>+<hex key id>+<base64>") }
        let name = String(parts[0])
        try NoteSigner.validate(name: name)
        guard parts[1].count == 8, let id = Data(hex: String(parts[1])) else {
            throw .malformed("key id '\(parts[1])' is not 8 hex digits")
        }
        guard let raw = Data(base64Encoded: String(parts[2])), let type = raw.first else {
            throw .malformed("key material is not base64")
        }
        guard type == NoteSigner.ed25519Type else {
            throw .malformed(String(format: "unknown signature algorithm 0x%02x (only Ed25519, 0x01, is supported)", type))
        }
        guard raw.count == 33 else { throw .malformed("an Ed25519 public key is 32 bytes, this one is \(raw.count - 1)") }
        let key: Curve25519.Signing.PublicKey
        do { key = try Curve25519.Signing.PublicKey(rawRepresentation: raw.dropFirst()) } catch {
            throw .malformed("not an Ed25519 public key")
        }
        guard NoteSigner.keyID(name: name, publicKey: key.rawRepresentation) == id else {
            throw .malformed("key id \(parts[1]) does not match the key")
        }
        self.name = name
        self.keyID = id
        self.publicKey = key
        self.text = trimmed
    }

    /// Checks the note's format and that it carries a valid signature by this key; returns the
    /// signed text. Signatures by other keys are allowed and left unverified.
    public func verify(_ note: String) throws(NoteError) -> String {
        let parsed = try SignedNote(parsing: note)
        var sawOurs = false
        for signature in parsed.signatures where signature.name == name && signature.keyID == keyID {
            sawOurs = true
            if publicKey.isValidSignature(signature.signature, for: Data(parsed.text.utf8)) { return parsed.text }
        }
        throw sawOurs ? .invalidSignature(name) : .noSignatureByKey(name)
    }
}

/// A signed note split into its text and signature lines.
public struct SignedNote: Sendable, Equatable {
    public struct Signature: Sendable, Equatable {
        public var name: String
        public var keyID: Data
        public var signature: Data
    }

    /// The signed text, ending in a newline.
    public var text: String
    public var signatures: [Signature]

    public init(parsing note: String) throws(NoteError) {
        // Text: UTF-8 without control characters other than newline (signed-note §"Notes").
        guard !note.unicodeScalars.contains(where: { $0 != "\n" && ($0.value < 0x20 || $0.value == 0x7F) }) else {
            throw .malformed("the note contains a control character")
        }
        guard note.hasSuffix("\n"), let split = note.range(of: "\n\n", options: .backwards) else {
            throw .malformed("no blank line between the text and the signatures")
        }
        text = String(note[..<split.lowerBound]) + "\n"
        let lines = note[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard !lines.isEmpty else { throw .malformed("no signature lines") }
        signatures = []
        for line in lines {
            guard line.hasPrefix("— ") else { throw .malformed("signature line does not start with '— ': \(line.prefix(40))") }
            let fields = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, !fields[0].isEmpty, !fields[0].contains("+") else {
                throw .malformed("signature line is not '— <name> <base64>'")
            }
            guard let blob = Data(base64Encoded: String(fields[1])), blob.count > 4 else {
                throw .malformed("signature of \(fields[0]) is not base64 of a key id and a signature")
            }
            signatures.append(Signature(name: String(fields[0]), keyID: blob.prefix(4), signature: blob.dropFirst(4)))
        }
    }
}

/// Why a signed note was rejected.
public enum NoteError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case noSignatureByKey(String)
    case invalidSignature(String)

    public var description: String {
        switch self {
        case .malformed(let why): return "malformed signed note: \(why)"
        case .noSignatureByKey(let name): return "the note carries no signature by key '\(name)'"
        case .invalidSignature(let name): return "the signature by key '\(name)' is not valid for this text"
        }
    }
}

extension Data {
    /// Bytes from an even-length hex string, nil if it is not one.
    init?(hex: String) {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }

    /// Lower-case hex.
    public var hexString: String { HexText.lowercase(self) }
}
