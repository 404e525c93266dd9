import Crypto

/// Replaces personal information with what each entity type's operator says: numbered tags, vault
/// tags, partial masks, redactions, keyed pseudonyms, or (for reported-only types) nothing.
public struct Masker: Sendable {
    public let detector: PIIDetector
    /// Operator per entity type; a type not listed is tagged.
    public let operators: [EntityType: MaskingOperator]
    private let pseudonymKey: SymmetricKey?

    /// - Parameter pseudonymKey: the secret for ``MaskingOperator/pseudonym``; required when any type uses it.
    public init(detector: PIIDetector, operators: [EntityType: MaskingOperator] = [:], pseudonymKey: SymmetricKey? = nil) throws(MaskingError) {
        if pseudonymKey == nil, let type = operators.first(where: { $0.value == .pseudonym })?.key {
            throw .missingPseudonymKey(type: type)
        }
        self.detector = detector
        self.operators = operators
        self.pseudonymKey = pseudonymKey
    }

    /// The operator applied to `type`.
    public func maskingOperator(for type: EntityType) -> MaskingOperator { operators[type] ?? .tag }

    /// Masks `text`, numbering tags through `session` so values repeat consistently across the
    /// messages of one conversation. Throws rather than return anything partially masked.
    public func mask(_ text: String, session: inout MaskingSession) throws(MaskingError) -> MaskResult {
        let findings = try detector.findings(in: text)
        guard !findings.isEmpty else { return MaskResult(masked: text, findings: []) }
        let scalars = text.unicodeScalars
        var output = ""
        output.reserveCapacity(text.utf8.count + 16 * findings.count)
        var cursor = scalars.startIndex
        var cursorOffset = 0
        for finding in findings {
            let start = scalars.index(cursor, offsetBy: finding.start - cursorOffset)
            let end = scalars.index(start, offsetBy: finding.length)
            output += text[cursor..<start]
            let raw = String(text[start..<end])
            output += replacement(for: raw, type: finding.type, session: &session)
            cursor = end
            cursorOffset = finding.end
        }
        output += text[cursor...]
        return MaskResult(masked: output, findings: findings)
    }

    /// Masks one standalone text with a fresh session.
    public func mask(_ text: String) throws(MaskingError) -> MaskResult {
        var session = MaskingSession()
        return try mask(text, session: &session)
    }

    private func replacement(for raw: String, type: EntityType, session: inout MaskingSession) -> String {
        switch maskingOperator(for: type) {
        case .tag:
            return session.tag(for: Masker.canonicalValue(raw), type: type)
        case .vault:
            return session.vaultTag(for: Masker.canonicalValue(raw), original: raw, type: type)
        case let .partial(keepFirst, keepLast, maskCharacter):
            return MaskingOperator.partialMask(raw, keepFirst: keepFirst, keepLast: keepLast, maskCharacter: maskCharacter)
        case let .redact(replacement):
            return replacement ?? "<\(type.rawValue)>"
        case .pseudonym:
            return pseudonym(for: raw, type: type)
        case .keep:
            return raw
        }
    }

    /// `<TYPE_xxxxxxxxxxxx>`: the first 48 bits of HMAC-SHA256(key, type ‖ 0 ‖ canonical value), in hex.
    public func pseudonym(for raw: String, type: EntityType) -> String {
        guard let pseudonymKey else { return "<\(type.rawValue)>" }   // unreachable: init requires the key
        let message = Array((type.rawValue + "\u{0}" + Masker.canonicalValue(raw)).utf8)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: pseudonymKey)
        let hex = code.prefix(6).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }.joined()
        return "<\(type.rawValue)_\(hex)>"
    }

    /// The value a tag stands for, independent of how it was written: folded to ASCII, separators
    /// dropped, letters upper-cased (so `138 1234 5678` and `13812345678` share a tag).
    static func canonicalValue(_ raw: String) -> String {
        // Most values (numbers, e-mail, codes) are ASCII: fold bytes directly.
        if raw.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(raw.utf8.count)
            for byte in raw.utf8 where byte != 0x20 && byte != 0x2D {
                bytes.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            let folded = NormalizedText.fold(scalar)
            if folded == " " || folded == "-" { continue }
            result.append(folded)
        }
        return String(result).uppercased()
    }
}
