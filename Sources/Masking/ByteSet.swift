/// A set of byte values as a 256-bit bitmap: which bytes occur in a text, or which bytes a pattern
/// can start with. Lets the detector skip a pattern that cannot match before calling PCRE2 at all.
public struct ByteSet: Sendable, Hashable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    public init() {}

    /// A set from PCRE2's 32-byte start bitmap (bit `b % 8` of byte `b / 8` is set for byte `b`).
    init(bitmap: UnsafePointer<UInt8>) {
        for byte in 0..<256 where bitmap[byte >> 3] & (1 << UInt8(byte & 7)) != 0 { insert(UInt8(byte)) }
    }

    /// A set of the given bytes, with the other ASCII case of each letter when `caseless`.
    init(units: [UInt8], caseless: Bool) {
        for unit in units {
            insert(unit)
            if caseless && ((unit >= 0x41 && unit <= 0x5A) || (unit >= 0x61 && unit <= 0x7A)) { insert(unit ^ 0x20) }
        }
    }

    // Indexed through a pointer into the tuple: a `switch` on the word compiled to a jump table,
    // which made building the set of a text's bytes the slowest part of preparing it.
    @inline(__always) public mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        withUnsafeMutableBytes(of: &words) { raw in
            let word = raw.baseAddress!.assumingMemoryBound(to: UInt64.self) + Int(byte >> 6)
            word.pointee |= bit
        }
    }

    @inline(__always) public func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        return withUnsafeBytes(of: words) { raw in raw.load(fromByteOffset: Int(byte >> 6) * 8, as: UInt64.self) & bit != 0 }
    }

    /// Whether the two sets share a byte.
    @inline(__always) public func intersects(_ other: ByteSet) -> Bool {
        (words.0 & other.words.0) | (words.1 & other.words.1) | (words.2 & other.words.2) | (words.3 & other.words.3) != 0
    }

    public static func == (lhs: ByteSet, rhs: ByteSet) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
