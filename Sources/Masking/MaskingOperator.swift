/// What replaces a finding of one entity type in the masked text, as set per type in a policy file.
public enum MaskingOperator: Sendable, Hashable, CustomStringConvertible {
    /// A type tag numbered per conversation: `<PHONE_1>` is the same number every time it appears.
    case tag
    /// Like ``tag``, but the conversation's vault keeps the value so a route that allows it can
    /// restore the user's own values in the answer. Never allowed for secrets.
    case vault
    /// Keeps the first and last characters that carry meaning (digits, letters, ideographs) and
    /// hides the rest, keeping separators: `138****5678`, `6222 **** **** 1234`.
    case partial(keepFirst: Int, keepLast: Int, maskCharacter: Character)
    /// Replaces the value with a fixed text (by default the bare type tag, `<PHONE>`).
    case redact(replacement: String?)
    /// A keyed HMAC-SHA256 pseudonym, `<PHONE_3f9a1c2b7d4e>`: the same value gets the same token
    /// across a whole dataset and across runs with the same key. Needs a pseudonym key.
    case pseudonym
    /// Reports the finding and leaves the text as it is (organisations, by default).
    case keep

    /// The name used in policy files.
    public var name: String {
        switch self {
        case .tag: "tag"
        case .vault: "vault"
        case .partial: "partial"
        case .redact: "redact"
        case .pseudonym: "hmac"
        case .keep: "keep"
        }
    }

    public var description: String {
        switch self {
        case let .partial(first, last, character): "partial(keep_first: \(first), keep_last: \(last), mask_char: \(character))"
        case let .redact(replacement): "redact(\(replacement ?? "<TYPE>"))"
        default: name
        }
    }

    /// The partial form of `value`: significant characters outside the first `keepFirst` and last
    /// `keepLast` become `maskCharacter`; separators (spaces, hyphens, dots, `@`) stay.
    static func partialMask(_ value: String, keepFirst: Int, keepLast: Int, maskCharacter: Character) -> String {
        let scalars = Array(value.unicodeScalars)
        let significant = scalars.indices.filter { isSignificant(scalars[$0]) }
        guard significant.count > keepFirst + keepLast else {
            // Too short to show anything safely: hide every significant character.
            return String(scalars.map { isSignificant($0) ? maskCharacter : Character($0) })
        }
        let hidden = Set(significant.dropFirst(keepFirst).dropLast(keepLast))
        var output = ""
        for index in scalars.indices {
            output.append(hidden.contains(index) ? maskCharacter : Character(scalars[index]))
        }
        return output
    }

    private static func isSignificant(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
