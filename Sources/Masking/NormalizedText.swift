/// A text prepared for pattern matching: full-width digits, letters and punctuation folded to ASCII,
/// dash and space variants folded to `-` and ` `, as UTF-8 bytes for PCRE2.
///
/// Folding maps one code point to one code point, so a code-point offset means the same position in
/// the original and in the folded text; ``scalarOffset(ofByte:)`` converts a byte offset in the folded
/// bytes back into one. Building it is one pass over the UTF-8 bytes with no per-character allocation.
public struct NormalizedText: Sendable {
    /// The folded text as UTF-8 bytes: what the recognizers run on.
    public let utf8: [UInt8]
    /// Number of code points in the text.
    public let scalarCount: Int
    /// Every byte value that occurs in ``utf8``: lets recognizers skip texts they cannot match.
    public let presentBytes: ByteSet
    /// PCRE2 match data shared by the patterns run over this text; nil if it could not be allocated.
    public let workspace: MatchWorkspace?
    /// Where the policy's cue words occur, set by the detector before the recognizers run.
    public internal(set) var cues: CueOccurrences?
    /// `blockScalars[k]` = code points that start before byte `k * blockSize`.
    private let blockScalars: [Int32]
    private static let blockShift = 6

    public init(_ text: String) {
        var text = text
        let bytes = text.withUTF8 { NormalizedText.fold(utf8: $0) }
        self.utf8 = bytes
        var blocks: [Int32] = []
        blocks.reserveCapacity(bytes.count >> NormalizedText.blockShift + 1)
        var count: Int32 = 0
        var present = ByteSet()
        bytes.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count {
                if index & ((1 << NormalizedText.blockShift) - 1) == 0 { blocks.append(count) }
                let byte = buffer[index]
                present.insert(byte)
                if byte & 0xC0 != 0x80 { count += 1 }
            }
        }
        self.presentBytes = present
        self.workspace = MatchWorkspace()
        blocks.append(count)
        self.blockScalars = blocks
        self.scalarCount = Int(count)
    }

    /// Folds full-width forms (U+FF01–U+FF5E) to ASCII, the ideographic space to a space, and dash
    /// variants (U+2010–U+2015, U+2212, U+FE63) to a hyphen-minus; everything else is copied.
    static func fold(utf8 source: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: source.count) { output, written in
            var read = 0
            var write = 0
            let count = source.count
            while read < count {
                let byte = source[read]
                if byte >= 0xE2 && byte <= 0xEF && read + 2 < count, byte == 0xEF || byte == 0xE3 || byte == 0xE2 {
                    let second = source[read + 1], third = source[read + 2]
                    var folded: UInt8 = 0
                    switch (byte, second) {
                    case (0xEF, 0xBC) where third >= 0x81: folded = third - 0x60       // U+FF01–FF3F
                    case (0xEF, 0xBD) where third <= 0x9E: folded = third - 0x20       // U+FF40–FF5E
                    case (0xEF, 0xB9) where third == 0xA3: folded = 0x2D               // U+FE63
                    case (0xE3, 0x80) where third == 0x80: folded = 0x20               // U+3000
                    case (0xE2, 0x80) where third >= 0x90 && third <= 0x95: folded = 0x2D  // U+2010–2015
                    case (0xE2, 0x88) where third == 0x92: folded = 0x2D               // U+2212
                    default: break
                    }
                    if folded != 0 {
                        output[write] = folded
                        write += 1
                        read += 3
                        continue
                    }
                }
                output[write] = byte
                write += 1
                read += 1
            }
            written = write
        }
    }

    /// The folded form of one code point (what ``init(_:)`` does to each character).
    public static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0)!
        case 0x3000: return " "
        case 0x2010...0x2015, 0x2212, 0xFE63: return "-"
        default: return scalar
        }
    }

    /// The code-point offset of the character that starts at `byte` (or of the end of the text).
    public func scalarOffset(ofByte byte: Int) -> Int {
        let block = byte >> NormalizedText.blockShift
        var count = Int(blockScalars[block])
        var index = block << NormalizedText.blockShift
        utf8.withUnsafeBufferPointer { buffer in
            while index < byte {
                if buffer[index] & 0xC0 != 0x80 { count += 1 }
                index += 1
            }
        }
        return count
    }

    /// The byte offset where the code point at `scalar` starts (or the end of the text).
    public func byteOffset(ofScalar scalar: Int) -> Int {
        var low = 0
        var high = blockScalars.count - 1
        while low < high {   // the last block that starts at or before `scalar`
            let mid = (low + high + 1) / 2
            if Int(blockScalars[mid]) <= scalar { low = mid } else { high = mid - 1 }
        }
        var index = min(low << NormalizedText.blockShift, utf8.count)
        var count = Int(blockScalars[low])
        while index < utf8.count {
            if utf8[index] & 0xC0 != 0x80 {
                if count == scalar { return index }
                count += 1
            }
            index += 1
        }
        return utf8.count
    }

    /// The folded text of a code-point range.
    public func string(scalars range: Range<Int>) -> String {
        string(byteOffset(ofScalar: range.lowerBound)..<byteOffset(ofScalar: range.upperBound))
    }

    /// The folded text of a byte range, as a String (what validators look at).
    public func string(_ bytes: Range<Int>) -> String {
        String(decoding: utf8[bytes], as: UTF8.self)
    }
}
