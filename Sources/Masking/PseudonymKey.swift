import Crypto
import Foundation

/// The secret behind keyed HMAC pseudonyms. It comes from configuration (an environment variable or
/// a file readable only by the service), is never logged, and must be long enough to resist guessing.
public enum PseudonymKey {
    /// Environment variable holding the secret.
    public static let environmentVariable = "HEGUI_PSEUDONYM_KEY"
    /// Shortest accepted secret, in bytes.
    public static let minimumLength = 32

    /// A key from a secret string of at least ``minimumLength`` bytes.
    public static func from(secret: String, source: String) throws(PseudonymKeyError) -> SymmetricKey {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count >= minimumLength else { throw .tooShort(source: source, bytes: trimmed.utf8.count) }
        return SymmetricKey(data: Data(trimmed.utf8))
    }

    /// A public name for `key`: `hk_` and 16 hex digits of HMAC-SHA256(key, a fixed label). Two runs
    /// show the same name exactly when they used the same key, so a resumed scrub can refuse a
    /// different one and an audit entry can say which key made a dataset's pseudonyms, while the
    /// name reveals nothing of the key and cannot be used to compute a pseudonym (every pseudonym's
    /// message holds a NUL byte; the label holds none).
    public static func identifier(of key: SymmetricKey) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array("hegui/pseudonym-key-id/v1".utf8), using: key)
        return "hk_" + HexDigits.lowercase(code.prefix(8))
    }

    /// The key from `HEGUI_PSEUDONYM_KEY`.
    public static func fromEnvironment() throws(PseudonymKeyError) -> SymmetricKey {
        guard let secret = ProcessInfo.processInfo.environment[environmentVariable] else { throw .missing }
        return try from(secret: secret, source: environmentVariable)
    }

    /// The key from a file (first line), or from the environment when `path` is nil.
    public static func load(file path: String?) throws(PseudonymKeyError) -> SymmetricKey {
        guard let path else { return try fromEnvironment() }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .unreadable(path: path) }
        return try from(secret: text, source: path)
    }
}

/// Why no pseudonym key could be had.
public enum PseudonymKeyError: Error, Sendable, CustomStringConvertible {
    case missing
    case unreadable(path: String)
    case tooShort(source: String, bytes: Int)

    public var description: String {
        switch self {
        case .missing:
            "the policy uses hmac pseudonyms but \(PseudonymKey.environmentVariable) is not set; set it to a secret of at least \(PseudonymKey.minimumLength) bytes (or pass --pseudonym-key-file)"
        case let .unreadable(path):
            "pseudonym key file \(path) cannot be read"
        case let .tooShort(source, bytes):
            "pseudonym key from \(source) has \(bytes) bytes; use at least \(PseudonymKey.minimumLength) random bytes"
        }
    }
}
