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
    /// `fieldLabel`: the name of the field `text` is the value of, if any (see ``PIIDetector/findings(in:fieldLabel:)``).
    public func mask(_ text: String, session: inout MaskingSession, fieldLabel: String? = nil) throws(MaskingError) -> MaskResult {
        let findings = try detector.findings(in: text, fieldLabel: fieldLabel)
        guard !findings.isEmpty else { return MaskResult(masked: text, findings: []) }
        // Copy UTF-8 bytes between findings; code-point offsets are turned into byte offsets in
        // one forward pass (findings are sorted and do not overlap).
        var text = text
        let masked = text.withUTF8 { utf8 -> String in
            var output: [UInt8] = []
            output.reserveCapacity(utf8.count + 16 * findings.count)
            var byte = 0, scalar = 0, copied = 0
            func advance(to target: Int) {
                while scalar < target && byte < utf8.count {
                    byte += 1
                    while byte < utf8.count && utf8[byte] & 0xC0 == 0x80 { byte += 1 }
                    scalar += 1
                }
            }
            for finding in findings {
                advance(to: finding.start)
                let start = byte
                advance(to: finding.end)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied..<start]))
                let raw = String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<byte]), as: UTF8.self)
                output.append(contentsOf: replacement(for: raw, type: finding.type, session: &session).utf8)
                copied = byte
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied...]))
            return String(decoding: output, as: UTF8.self)
        }
        return MaskResult(masked: masked, findings: findings)
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
        return "<\(type.rawValue)_\(HexDigits.lowercase(code.prefix(6)))>"
    }

    /// Whether `scalar` stays as it is in a canonical value: not a separator, not a lower-case
    /// letter, and of no case and not folded (ASCII, or a CJK block past the ideographic space, but
    /// not a Traditional character: 陳大文 and 陈大文 are one value).
    @inline(__always) private static func isCanonical(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x2D, 0x61...0x7A: return false
        case 0x4E00...0x9FFF: return TraditionalChinese.simplified(scalar.value) == nil
        case 0..<0x80, 0x3001...0x303F, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return true
        default: return false
        }
    }

    /// The value a tag stands for, independent of how it was written: folded to ASCII, separators
    /// and invisible characters dropped, letters upper-cased (so `138 1234 5678` and `13812345678` share a tag).
    static func canonicalValue(_ raw: String) -> String {
        // Most values (numbers, e-mail, codes) are ASCII: fold bytes directly, or not at all when
        // there is nothing to fold (no copy). One look at the bytes tells which, and whether the
        // value is escaped.
        var ascii = true, changes = false, escapes = false
        for byte in raw.utf8 {
            if byte >= 0x80 { ascii = false } else if byte == 0x25 || byte == 0x26 { escapes = true }
            if byte == 0x20 || byte == 0x2D || (byte >= 0x61 && byte <= 0x7A) { changes = true }
        }
        // An escaped value (zhang%40163.com from a link, zhang&#64;163.com from a web page) is the
        // value it encodes.
        if escapes {
            var escaped = raw
            let decoded = escaped.withUTF8 { String(decoding: NormalizedText.escapesDecoded($0), as: UTF8.self) }
            if decoded != raw { return canonicalValue(decoded) }
        }
        if ascii && !changes { return raw }
        if ascii {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(raw.utf8.count)
            for byte in raw.utf8 where byte != 0x20 && byte != 0x2D {
                bytes.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        // A number read out in Chinese numerals (一三九…) is the same value as its digits.
        if raw.unicodeScalars.contains(where: { NormalizedText.spokenDigit($0) != nil }),
           raw.unicodeScalars.allSatisfy({ NormalizedText.spokenDigit($0) != nil || NormalizedText.isInvisible($0)
               || "0123456789 -".unicodeScalars.contains(NormalizedText.fold($0)) }) {
            return canonicalValue(String(String.UnicodeScalarView(raw.unicodeScalars.compactMap {
                NormalizedText.isInvisible($0) ? nil : NormalizedText.spokenDigit($0) ?? NormalizedText.fold($0)
            })))
        }
        // Names and addresses: Chinese characters have no case, so unless a scalar outside ASCII
        // and the CJK blocks appears, upper-casing ASCII letters is all `uppercased()` would do.
        // Most (a Chinese name, an address without Latin letters) need nothing: checked first,
        // without building a copy.
        if raw.unicodeScalars.allSatisfy(Masker.isCanonical) { return raw }
        var caseless = true, unchanged = true
        var result = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            // Invisible characters are no part of the value: 138<U+200B>1234 5678 shares its tag.
            if NormalizedText.isInvisible(scalar) { unchanged = false; continue }
            let folded = NormalizedText.fold(scalar)
            if folded != scalar { unchanged = false }
            if folded == " " || folded == "-" { unchanged = false; continue }
            switch folded.value {
            case 0x61...0x7A:
                unchanged = false
                result.append(Unicode.Scalar(folded.value - 0x20)!)
            case 0..<0x80, 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
                result.append(folded)
            default:
                caseless = false
                result.append(folded)
            }
        }
        if unchanged && caseless { return raw }
        return caseless ? String(result) : String(result).uppercased()
    }
}
