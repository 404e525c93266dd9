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
///
/// Most texts looked up are not in the cache (a customer's message is seldom seen twice), so a
/// lookup first takes a cheap 64-bit hash of the text, seeded per cache, and computes the SHA-256
/// only when a remembered text has the same cheap hash. A text with personal data therefore costs
/// one pass at a few bytes per nanosecond, not a SHA-256; the SHA-256 still decides every hit.
public final class CleanTextCache: Sendable {
    private struct Entry: Sendable {
        let digest: SHA256Digest
        let findings: [Finding]
    }

    private struct Buckets: Sendable {
        /// Entries by their text's cheap hash; texts with the same cheap hash share a bucket.
        var byQuickHash: [UInt64: [Entry]] = [:]
        var count = 0
    }

    private let entries = Mutex(Buckets())
    /// Bounds the buckets' shape: another process, or another cache, hashes differently.
    private let seed = UInt64.random(in: .min ... .max)
    public let capacity: Int
    /// Longer texts are not cached: hashing them would cost more than it is likely to save.
    public let maxLength: Int

    public init(capacity: Int = 4096, maxLength: Int = 64 << 10) {
        self.capacity = capacity
        self.maxLength = maxLength
    }

    /// The findings `text` was recorded with as unchanged by masking, or nil when it was not
    /// recorded (or is too long to be).
    public func findings(for text: String) -> [Finding]? {
        guard text.utf8.count <= maxLength else { return nil }
        var text = text
        return text.withUTF8 { bytes -> [Finding]? in
            let quick = CleanTextCache.quickHash(bytes, seed: seed)
            guard let bucket = entries.withLock({ $0.byQuickHash[quick] }) else { return nil }
            let digest = SHA256.hash(data: bytes)
            return bucket.first { $0.digest == digest }?.findings
        }
    }

    /// Records that `text` masks to itself with these findings (none, or kept ones); nothing when
    /// it is too long to cache.
    public func insert(_ text: String, findings: [Finding] = []) {
        guard text.utf8.count <= maxLength else { return }
        var text = text
        let (quick, digest) = text.withUTF8 { (CleanTextCache.quickHash($0, seed: seed), SHA256.hash(data: $0)) }
        entries.withLock { entries in
            if entries.byQuickHash[quick]?.contains(where: { $0.digest == digest }) == true { return }
            if entries.count >= capacity {
                entries.byQuickHash.removeAll(keepingCapacity: true)
                entries.count = 0
            }
            entries.byQuickHash[quick, default: []].append(Entry(digest: digest, findings: findings))
            entries.count += 1
        }
    }

    /// Whether `text` was recorded as unchanged by masking.
    public func contains(_ text: String) -> Bool { findings(for: text) != nil }

    /// Number of texts remembered.
    public var count: Int { entries.withLock { $0.count } }

    /// A 64-bit multiply-xorshift hash over 8-byte words: a bucket index, not a fingerprint.
    static func quickHash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var hash = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            offset += 8
        }
        var tail: UInt64 = 0
        for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << UInt64(8 * (index - offset)) }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 29)
    }
}

extension Masker {
    /// ``mask(_:session:)``, skipped for a text `cleanTexts` knows masking leaves unchanged; a text
    /// found to be so is recorded there.
    /// A text masked as the value of a field whose name a recognizer reads is masked every time: the
    /// same text may be clean under another name (`note`) and personal under this one (`phone`).
    public func mask(_ text: String, session: inout MaskingSession, cleanTexts: CleanTextCache,
                     fieldLabel: String? = nil) throws(MaskingError) -> MaskResult {
        if let fieldLabel, detector.readsLabel(fieldLabel) { return try mask(text, session: &session, fieldLabel: fieldLabel) }
        if let findings = cleanTexts.findings(for: text) { return MaskResult(masked: text, findings: findings) }
        let result = try mask(text, session: &session)
        // Only `keep` leaves a value as it is without touching the session.
        if result.findings.allSatisfy({ maskingOperator(for: $0.type) == .keep }) {
            cleanTexts.insert(text, findings: result.findings)
        }
        return result
    }
}
