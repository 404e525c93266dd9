/// A text prepared for pattern matching: full-width digits, letters and punctuation folded to ASCII,
/// dash and space variants folded to `-` and ` `, encoded as UTF-8 for PCRE2.
///
/// Folding maps one code point to one code point, so code-point offsets are the same in the original
/// and the folded text; `scalarOffset(ofByte:)` converts a PCRE2 byte offset back into one.
public struct NormalizedText: Sendable {
    /// The original text's code points.
    public let scalars: [Unicode.Scalar]
    /// The folded text as UTF-8 bytes: what the patterns run on.
    public let utf8: [UInt8]
    /// For every scalar i, the UTF-8 offset where it starts; one extra element holds `utf8.count`.
    private let byteOffsets: [Int]

    public init(_ text: String) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var offsets: [Int] = []
        offsets.reserveCapacity(text.unicodeScalars.count + 1)
        for scalar in text.unicodeScalars {
            scalars.append(scalar)
            offsets.append(bytes.count)
            let folded = NormalizedText.fold(scalar)
            if folded.value < 0x80 {
                bytes.append(UInt8(folded.value))
            } else {
                bytes.append(contentsOf: String(folded).utf8)
            }
        }
        offsets.append(bytes.count)
        self.scalars = scalars
        self.utf8 = bytes
        self.byteOffsets = offsets
    }

    /// Folds full-width forms (U+FF01–U+FF5E) to ASCII, ideographic space to a space, and dash
    /// variants to a hyphen-minus. Everything else is returned as it is.
    public static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0)!
        case 0x3000: return " "
        case 0x2010...0x2015, 0x2212, 0xFE63: return "-"
        default: return scalar
        }
    }

    /// The code-point offset of the scalar that starts at `byte` (or of the end of text).
    public func scalarOffset(ofByte byte: Int) -> Int {
        var low = 0
        var high = byteOffsets.count - 1
        while low < high {
            let mid = (low + high) / 2
            if byteOffsets[mid] < byte { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The folded text of a code-point range, as a String (what validators look at).
    public func folded(_ range: Range<Int>) -> String {
        String(decoding: utf8[byteOffsets[range.lowerBound]..<byteOffsets[range.upperBound]], as: UTF8.self)
    }
}
