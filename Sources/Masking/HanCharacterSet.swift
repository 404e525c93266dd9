/// A set of characters stored as a bitmap over the CJK Unified Ideographs block (U+4E00–U+9FFF)
/// and one over ASCII, with a small fallback set for anything else: one load and one mask per
/// lookup, and no hashing for the ASCII and punctuation that surround names.
struct HanCharacterSet: Sendable, Hashable {
    private static let first: UInt32 = 0x4E00
    private static let last: UInt32 = 0x9FFF
    private var bits = [UInt64](repeating: 0, count: Int(last - first + 1 + 63) / 64)
    private var asciiLow: UInt64 = 0
    private var asciiHigh: UInt64 = 0
    private var others: Set<UInt32> = []

    init(_ characters: some Sequence<Unicode.Scalar>) {
        for scalar in characters { insert(scalar.value) }
    }

    /// The characters of `string`, ignoring whitespace (lexicon strings wrap across YAML lines).
    init(_ string: String) { self.init(string.unicodeScalars.filter { !$0.properties.isWhitespace }) }

    mutating func insert(_ value: UInt32) {
        if value >= HanCharacterSet.first && value <= HanCharacterSet.last {
            let offset = Int(value - HanCharacterSet.first)
            bits[offset >> 6] |= 1 << UInt64(offset & 63)
        } else if value < 64 {
            asciiLow |= 1 << UInt64(value)
        } else if value < 128 {
            asciiHigh |= 1 << UInt64(value - 64)
        } else {
            others.insert(value)
        }
    }

    @inline(__always) func contains(_ value: UInt32) -> Bool {
        if value >= HanCharacterSet.first && value <= HanCharacterSet.last {
            let offset = Int(value - HanCharacterSet.first)
            return bits[offset >> 6] & (1 << UInt64(offset & 63)) != 0
        }
        if value < 64 { return asciiLow & (1 << UInt64(value)) != 0 }
        if value < 128 { return asciiHigh & (1 << UInt64(value - 64)) != 0 }
        return !others.isEmpty && others.contains(value)
    }

    /// Whether `value` is a CJK unified ideograph (the basic block or extension A).
    @inline(__always) static func isHan(_ value: UInt32) -> Bool {
        (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF)
    }
}
