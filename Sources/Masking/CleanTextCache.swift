import Crypto
import Synchronization

/// Texts that masking leaves unchanged, remembered by their SHA-256 so a repeat skips the masker.
///
/// Masking traffic repeats itself: every request of a bot carries the same system prompt and, in a
/// conversation, the whole history again; fine-tuning datasets repeat the system prompt, instruction
/// templates and stock answers record after record. A text with no finding, or only findings of
/// types the policy reports but keeps (`ORG` by default: "某商业银行" in a system prompt), masks to
/// itself with the same findings whatever the session, so it need not be masked again by the same
/// masker. Texts with anything to replace are masked every time (their tags depend on the session).
///
/// Only digests and those findings (types, offsets, recognizers, reasons) are kept, never the text:
/// nothing a user wrote outlives the exchange. Keep one cache per masker (another policy may find
/// something else). At most ``capacity`` texts; when full the cache is emptied and refills.
public final class CleanTextCache: Sendable {
    /// A text's cache key: the SHA-256 of its UTF-8 bytes (canonically equivalent spellings differ).
    public struct Key: Hashable, Sendable {
        fileprivate let digest: SHA256Digest
    }

    private let entries = Mutex([Key: [Finding]]())
    public let capacity: Int
    /// Longer texts are not cached: hashing them would cost more than it is likely to save.
    public let maxLength: Int

    public init(capacity: Int = 4096, maxLength: Int = 64 << 10) {
        self.capacity = capacity
        self.maxLength = maxLength
    }

    /// The key of `text`, or nil when it is too long to cache.
    public func key(for text: String) -> Key? {
        guard text.utf8.count <= maxLength else { return nil }
        var text = text
        return text.withUTF8 { Key(digest: SHA256.hash(data: $0)) }
    }

    /// The findings of the unchanged text with `key`, or nil when it is not in the cache.
    public func findings(for key: Key) -> [Finding]? {
        entries.withLock { $0[key] }
    }

    /// Records that the text with `key` masks to itself, with these findings (none, or kept ones).
    public func insert(_ key: Key, findings: [Finding] = []) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = findings
        }
    }

    /// Whether `text` was recorded as unchanged by masking.
    public func contains(_ text: String) -> Bool { key(for: text).flatMap(findings(for:)) != nil }

    /// Records that `text` masks to itself with no finding (nothing when it is too long).
    public func insert(_ text: String) {
        if let key = key(for: text) { insert(key) }
    }

    /// Number of texts remembered.
    public var count: Int { entries.withLock { $0.count } }
}

extension Masker {
    /// ``mask(_:session:)``, skipped for a text `cleanTexts` knows masking leaves unchanged; a text
    /// found to be so is recorded there.
    public func mask(_ text: String, session: inout MaskingSession, cleanTexts: CleanTextCache) throws(MaskingError) -> MaskResult {
        let key = cleanTexts.key(for: text)
        if let key, let findings = cleanTexts.findings(for: key) { return MaskResult(masked: text, findings: findings) }
        let result = try mask(text, session: &session)
        // Only `keep` leaves a value as it is without touching the session.
        if let key, result.findings.allSatisfy({ maskingOperator(for: $0.type) == .keep }) {
            cleanTexts.insert(key, findings: result.findings)
        }
        return result
    }
}
