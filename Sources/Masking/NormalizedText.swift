/// A text prepared for pattern matching: full-width digits, letters and punctuation folded to ASCII,
/// dash and space variants folded to `-` and ` `, as UTF-8 bytes for PCRE2.
///
/// Folding maps one code point to one code point, except that invisible characters (zero-width
/// spaces and joiners, direction marks, soft hyphens, variation selectors: ``isInvisible(_:)``) are
/// dropped, so that `138<U+200B>1234<U+200B>5678` reads as the number it shows. Offsets are always
/// code points of the original text: ``scalarOffset(ofByte:)`` and ``endScalarOffset(ofByte:)``
/// convert a byte offset in the folded bytes into one, counting the dropped characters back in.
/// Building it is one pass over the UTF-8 bytes with no per-character allocation.
///
/// A class, immutable after creation: the detector hands it to dozens of recognizers per text, and a
/// reference costs one retain where a struct copied its six reference-counted fields.
public final class NormalizedText: Sendable {
    /// The folded text as UTF-8 bytes: what the recognizers run on.
    public let utf8: [UInt8]
    /// Number of code points in the original text (the folded one has ``droppedBefore`` fewer).
    public let scalarCount: Int
    /// Every byte value that occurs in ``utf8``: lets recognizers skip texts they cannot match.
    public let presentBytes: ByteSet
    /// PCRE2 match data shared by the patterns run over this text; nil if it could not be allocated.
    public let workspace: MatchWorkspace?
    /// Where the policy's cue words occur: found by the detector's cue index as the text is
    /// prepared; nil for a text prepared without one.
    public let cues: CueOccurrences?
    /// Values and their labels in tables and structured fields (``LabelledValue``), for
    /// ``LabelledValueRecognizer``s; empty when it has none or was prepared without `labelKeys`.
    public let labelledValues: [LabelledValue]
    /// `blockScalars[k]` = code points of the folded text that start before byte `k * blockSize`.
    private let blockScalars: [Int32]
    /// For each invisible character the fold dropped, in order, the folded byte offset of the
    /// character written after it, shifted left by one, with the low bit set for a mark that belongs
    /// to the character before it (a variation selector, the keycap mark: 8️⃣). Empty for almost
    /// every text, and then offsets need no correction.
    private let droppedBefore: [Int]
    /// The code-point offset in the original text of each dropped character, ascending.
    private let droppedScalars: [Int]
    private static let blockShift = 6

    public convenience init(_ text: String) {
        self.init(text, cueIndex: nil, labelKeys: nil, fieldLabel: nil)
    }

    /// The text folded, with the occurrences of `cueIndex`'s words in it, and with `labelKeys` (the
    /// labels the policy's recognizers read, as ``LabelledValue/key(_:)`` gives them), its labelled
    /// values, the whole text too when `fieldLabel` (the name of the field it is the value of) is one.
    init(_ text: String, cueIndex: CueIndex?, labelKeys: Set<[UInt8]>?, fieldLabel: String?) {
        var text = text
        var dropped: [Int] = []
        let bytes = text.withUTF8 { NormalizedText.fold(utf8: $0, dropped: &dropped) }
        self.utf8 = bytes
        self.droppedBefore = dropped
        var blocks: [Int32] = []
        blocks.reserveCapacity(bytes.count >> NormalizedText.blockShift + 1)
        var count: Int32 = 0
        var present = ByteSet()
        bytes.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count {
                if index & ((1 << NormalizedText.blockShift) - 1) == 0 { blocks.append(count) }
                let byte = buffer[index]
                present.insert(byte)
                count &+= NormalizedText.startsScalar(byte)
            }
        }
        self.presentBytes = present
        self.workspace = MatchWorkspace()
        blocks.append(count)
        self.blockScalars = blocks
        self.scalarCount = Int(count) + dropped.count
        // One walk over the folded bytes gives every dropped character's original offset: the
        // folded characters before it, plus the dropped ones before it.
        var scalars: [Int] = []
        if !dropped.isEmpty {
            scalars.reserveCapacity(dropped.count)
            bytes.withUnsafeBufferPointer { buffer in
                var index = 0, folded = 0
                for (number, entry) in dropped.enumerated() {
                    while index < entry >> 1 {
                        folded &+= Int(NormalizedText.startsScalar(buffer[index]))
                        index += 1
                    }
                    scalars.append(folded + number)
                }
            }
        }
        self.droppedScalars = scalars
        self.cues = cueIndex?.occurrences(in: bytes)
        self.labelledValues = labelKeys.map { LabelledValue.all(in: bytes, present: present, keys: $0, fieldLabel: fieldLabel) } ?? []
    }

    /// Folds full-width forms (U+FF01–U+FF5E) to ASCII, the ideographic space and the no-break and
    /// fixed-width spaces (U+00A0, U+2000–200A, U+202F, U+205F: what text copied from a web page or
    /// a document puts between digit groups) to a space, and dash
    /// variants (U+2010–U+2015, U+2212, U+FE63) to a hyphen-minus; and Chinese numerals read out
    /// digit by digit (一三九一二三四五六七八, as speech recognition writes a phone number) to
    /// digits, in runs of at least ``spokenNumberLength`` digits and numerals; and Traditional Chinese
    /// characters to their Simplified form (``TraditionalChinese``); and circled, enclosed and
    /// mathematical digits (①, ❶, ⒈, 𝟏) to digits. Everything else is copied.
    /// Invisible characters (``isInvisible(_:)``) are left out of the result; `dropped` gets, for each,
    /// the offset in the result of what follows it (see ``droppedBefore``).
    static func fold(utf8 source: UnsafeBufferPointer<UInt8>, dropped: inout [Int]) -> [UInt8] {
        TraditionalChinese.simplified.withUnsafeBufferPointer { simplified in
        NormalizedText.spokenDigits.withUnsafeBufferPointer { spokenDigits in
        [UInt8](unsafeUninitializedCapacity: source.count) { output, written in
            var read = 0
            var write = 0
            let count = source.count
            while read < count {
                let byte = source[read]
                // ASCII, most of any text: copied, but for escapes and digits typed one by one.
                if byte < 0x80 {
                    // Percent-encoded characters, as a pasted link carries them (email=zhang%40163.com,
                    // name=%E5%BC%A0%E4%BC%9F): read as the character; the rest of the escape is
                    // dropped, attached to it, so a finding spans the whole escape.
                    // HTML character references likewise, as text taken from a web page carries them
                    // (zhang&#64;163.com, &#x5F20;&#x4F1F;, &amp;).
                    if byte == 0x25 || byte == 0x26, let (bytes, length) = NormalizedText.escape(in: source, at: read) {
                        for (offset, decoded) in bytes.enumerated() { output[write + offset] = decoded }
                        write += bytes.count
                        for _ in 1..<length { dropped.append(write << 1 | 1) }
                        read += length
                        continue
                    }
                    // Digits typed one by one with a space between (1 3 8 1 2 3 4 5 6 7 8, as some
                    // people and some speech recognisers write a number): at least seven in a row are
                    // read as one number, the spaces dropped.
                    if byte &- 0x30 < 10, read + 2 < count, source[read + 1] == 0x20, source[read + 2] &- 0x30 < 10,
                       read == 0 || source[read - 1] &- 0x30 >= 10,
                       case let end = NormalizedText.spacedDigitsEnd(in: source, from: read), end - read >= 2 * NormalizedText.spokenNumberLength - 1 {
                        while read < end {
                            if source[read] == 0x20 {
                                dropped.append(write << 1)
                            } else {
                                output[write] = source[read]
                                write += 1
                            }
                            read += 1
                        }
                        continue
                    }
                    output[write] = byte
                    write += 1
                    read += 1
                    continue
                }
                if byte >= 0xE2 && byte <= 0xEF && read + 2 < count {
                    let second = source[read + 1], third = source[read + 2]
                    var folded: UInt8 = 0
                    if byte == 0xE2 || byte == 0xEF, NormalizedText.isInvisible(byte, second, third) {
                        // Variation selectors (EF B8) and the keycap mark (E2 83 A3) belong to the character before.
                        dropped.append(write << 1 | (second == 0xB8 || second == 0x83 ? 1 : 0))
                        read += 3
                        continue
                    }
                    // Chinese characters (lead bytes E4–E9: the CJK Unified Ideographs block), most of a
                    // Chinese text, and 〇 are handled here whole: read as Simplified, as a spoken
                    // digit, or copied, three bytes at once.
                    if (byte >= 0xE4 && byte <= 0xE9) || (byte == 0xE3 && second == 0x80 && third == 0x87) {
                        // Traditional characters read as Simplified (驗證碼 as 验证码): their Simplified
                        // forms are in the same block.
                        let value = UInt32(byte & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
                        let offset = Int(value) - Int(TraditionalChinese.first)
                        if offset >= 0, case let simple = simplified[offset], simple != 0 {
                            output[write] = 0xE0 | UInt8(simple >> 12)
                            output[write + 1] = 0x80 | UInt8((simple >> 6) & 0x3F)
                            output[write + 2] = 0x80 | UInt8(simple & 0x3F)
                            write += 3
                            read += 3
                            continue
                        }
                        if offset < 0 || spokenDigits[offset] != 0 {
                            // Digits already written count towards the run (139一二三…), but not
                            // before a financial form: 陆 and 伍 are surnames too (13812345678陆伟).
                            // (Counting stops at the run length that decides: a long number before costs nothing.)
                            var before = 0
                            while !NormalizedText.isFinancialNumeral(byte, second, third), before < min(write, NormalizedText.spokenNumberLength),
                                  output[write - before - 1] &- 0x30 < 10 { before += 1 }
                            let run = NormalizedText.digitRun(in: source, from: read)
                            if before + run.characters >= NormalizedText.spokenNumberLength {
                                write = NormalizedText.writeDigits(of: source[read..<run.end], to: output, at: write)
                                read = run.end
                                continue
                            }
                        }
                        output[write] = byte
                        output[write + 1] = second
                        output[write + 2] = third
                        write += 3
                        read += 3
                        continue
                    }
                    switch (byte, second) {
                    case (0xEF, 0xBC) where third >= 0x81: folded = third - 0x60       // U+FF01–FF3F
                    case (0xEF, 0xBD) where third <= 0x9E: folded = third - 0x20       // U+FF40–FF5E
                    case (0xEF, 0xB9) where third == 0xA3: folded = 0x2D               // U+FE63
                    case (0xE3, 0x80) where third == 0x80: folded = 0x20               // U+3000
                    case (0xE2, 0x80) where third >= 0x90 && third <= 0x95: folded = 0x2D  // U+2010–2015
                    case (0xE2, 0x80) where third <= 0x8A || third == 0xAF: folded = 0x20  // U+2000–200A, U+202F
                    case (0xE2, 0x81) where third == 0x9F: folded = 0x20               // U+205F
                    case (0xE2, 0x88) where third == 0x92: folded = 0x2D               // U+2212
                    case (0xE2, 0x91), (0xE2, 0x92), (0xE2, 0x93), (0xE2, 0x9D), (0xE2, 0x9E):
                        // Circled and other enclosed digits (①, ⑴, ⒈, ❶, ➀, ➊, ⓪).
                        let value = UInt32(byte & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
                        if let digit = NormalizedText.enclosedDigit(value) { folded = 0x30 + digit }
                    default: break
                    }
                    if folded != 0 {
                        output[write] = folded
                        write += 1
                        read += 3
                        continue
                    }
                }
                if byte == 0xC2 && read + 1 < count && source[read + 1] == 0xA0 {   // U+00A0
                    output[write] = 0x20
                    write += 1
                    read += 2
                    continue
                }
                // Mathematical digits (𝟏𝟑𝟖: bold, double-struck, sans-serif, monospace), U+1D7CE–1D7FF.
                if byte == 0xF0 && read + 3 < count && source[read + 1] == 0x9D && source[read + 2] == 0x9F && source[read + 3] >= 0x8E {
                    output[write] = 0x30 + (source[read + 3] - 0x8E) % 10
                    write += 1
                    read += 4
                    continue
                }
                if byte == 0xC2 && read + 1 < count && source[read + 1] == 0xAD {   // U+00AD soft hyphen
                    dropped.append(write << 1)
                    read += 2
                    continue
                }
                output[write] = byte
                write += 1
                read += 1
            }
            written = write
        }
        }
        }
    }

    /// For each code point U+4E00–U+9FFF, whether it is a digit read out (一, 幺, 两, 壹…): 1, else 0.
    /// One load per Chinese character where two comparisons and a `switch` were.
    static let spokenDigits: [UInt8] = {
        var table = [UInt8](repeating: 0, count: Int(TraditionalChinese.last - TraditionalChinese.first + 1))
        for value in TraditionalChinese.first...TraditionalChinese.last {
            if let scalar = Unicode.Scalar(value), spokenDigit(scalar) != nil { table[Int(value - TraditionalChinese.first)] = 1 }
        }
        return table
    }()

    /// The character a percent escape at `start` encodes, as UTF-8 bytes, and how many bytes the
    /// escape takes: a printable ASCII character (%40 is @, %20 a space) or a whole UTF-8 sequence
    /// of two to four escapes (%E5%BC%A0 is 张). Nil for anything else: 5%的利率, 12%AB, a lone %E5.
    static func percentEncoded(in source: UnsafeBufferPointer<UInt8>, at start: Int) -> (bytes: [UInt8], length: Int)? {
        func escape(at index: Int) -> UInt8? {
            guard index + 2 < source.count, source[index] == 0x25,
                  let high = HexDigits.value(of: source[index + 1]), let low = HexDigits.value(of: source[index + 2]) else { return nil }
            return high << 4 | low
        }
        guard let first = escape(at: start) else { return nil }
        if first >= 0x20 && first <= 0x7E { return ([first], 3) }
        let length: Int
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        var bytes = [first]
        for number in 1..<length {
            guard let next = escape(at: start + 3 * number), next & 0xC0 == 0x80 else { return nil }
            bytes.append(next)
        }
        // A sequence Swift's decoder would repair (an overlong or surrogate form) is left alone.
        guard String(validating: bytes, as: UTF8.self)?.unicodeScalars.count == 1 else { return nil }
        return (bytes, 3 * length)
    }

    /// The character an HTML character reference at `start` stands for, as UTF-8 bytes, and how many
    /// bytes the reference takes: decimal (&#64;) or hexadecimal (&#x40;) references to a character
    /// that is not a control, and &amp; &lt; &gt; &quot; &apos; &nbsp; &commat; &period;. Nil for
    /// anything else (a lone &, R&D, an unknown name).
    static func characterReference(in source: UnsafeBufferPointer<UInt8>, at start: Int) -> (bytes: [UInt8], length: Int)? {
        guard start + 3 < source.count, source[start] == 0x26 else { return nil }
        var index = start + 1
        var value: UInt32 = 0
        if source[index] == 0x23 {   // &#…;
            index += 1
            let hex = index < source.count && (source[index] | 0x20) == 0x78
            if hex { index += 1 }
            let first = index
            while index < source.count && index - first < 8 {
                let byte = source[index]
                if hex, let digit = HexDigits.value(of: byte) {
                    value = value << 4 | UInt32(digit)
                } else if !hex, byte &- 0x30 < 10 {
                    value = value * 10 + UInt32(byte - 0x30)
                } else {
                    break
                }
                index += 1
            }
            guard index > first, index < source.count, source[index] == 0x3B, value >= 0x20, value != 0x7F,
                  !(0x80...0x9F).contains(value), let scalar = Unicode.Scalar(value) else { return nil }
            return (Array(String(scalar).utf8), index + 1 - start)
        }
        let names: [(name: [UInt8], value: UInt8)] = [(Array("amp;".utf8), 0x26), (Array("lt;".utf8), 0x3C), (Array("gt;".utf8), 0x3E),
                                                      (Array("quot;".utf8), 0x22), (Array("apos;".utf8), 0x27), (Array("nbsp;".utf8), 0x20),
                                                      (Array("commat;".utf8), 0x40), (Array("period;".utf8), 0x2E)]
        for (name, value) in names where index + name.count <= source.count {
            if (0..<name.count).allSatisfy({ source[index + $0] == name[$0] }) { return ([value], name.count + 1) }
        }
        return nil
    }

    /// The percent escape or character reference at `start` (a `%` or an `&`), if it is one the fold reads.
    static func escape(in source: UnsafeBufferPointer<UInt8>, at start: Int) -> (bytes: [UInt8], length: Int)? {
        source[start] == 0x25 ? percentEncoded(in: source, at: start) : characterReference(in: source, at: start)
    }

    /// `source` with every percent escape and character reference the fold reads
    /// (``percentEncoded(in:at:)``, ``characterReference(in:at:)``) replaced by what it stands for.
    static func escapesDecoded(_ source: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            if source[index] == 0x25 || source[index] == 0x26, let (bytes, length) = escape(in: source, at: index) {
                output += bytes
                index += length
            } else {
                output.append(source[index])
                index += 1
            }
        }
        return output
    }

    /// Where a run of single digits with one space between each (1 3 8 …) that starts at `start`
    /// ends; the run ends at a digit followed by anything but a space and a single digit.
    static func spacedDigitsEnd(in source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start + 1
        while end + 1 < source.count, source[end] == 0x20, source[end + 1] &- 0x30 < 10,
              end + 2 >= source.count || source[end + 2] &- 0x30 >= 10 {
            end += 2
        }
        return end
    }

    /// The digit an enclosed or circled digit stands for (① 1, ⑴ 1, ⒈ 1, ❶ 1, ➀ 1, ➊ 1, ⓪ 0); nil for
    /// everything else, and for the enclosed numbers from 10 up (⑩), which are two digits.
    @inline(__always) static func enclosedDigit(_ value: UInt32) -> UInt8? {
        switch value {
        case 0x2460...0x2468: return UInt8(value - 0x2460 + 1)   // ①–⑨
        case 0x2474...0x247C: return UInt8(value - 0x2474 + 1)   // ⑴–⑼
        case 0x2488...0x2490: return UInt8(value - 0x2488 + 1)   // ⒈–⒐
        case 0x24EA: return 0                                    // ⓪
        case 0x2776...0x277E: return UInt8(value - 0x2776 + 1)   // ❶–❾
        case 0x2780...0x2788: return UInt8(value - 0x2780 + 1)   // ➀–➈
        case 0x278A...0x2792: return UInt8(value - 0x278A + 1)   // ➊–➒
        default: return nil
        }
    }

    /// Whether the three UTF-8 bytes are an invisible character (see ``isInvisible(_:)``).
    @inline(__always) private static func isInvisible(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Bool {
        switch (first, second) {
        case (0xE2, 0x80): return (third >= 0x8B && third <= 0x8F) || (third >= 0xAA && third <= 0xAE)  // U+200B–200F, U+202A–202E
        case (0xE2, 0x81): return (third >= 0xA0 && third <= 0xA4) || (third >= 0xA6 && third <= 0xA9)  // U+2060–2064, U+2066–2069
        case (0xE2, 0x83): return third == 0xA3                                                         // U+20E3
        case (0xEF, 0xB8): return third >= 0x80 && third <= 0x8F                                        // U+FE00–FE0F
        case (0xEF, 0xBB): return third == 0xBF                                                         // U+FEFF
        default: return false
        }
    }

    /// Whether `scalar` is a character that shows nothing of its own, and that the fold drops: zero-
    /// width spaces, joiners and non-joiners (U+200B–200D, U+2060, U+FEFF), direction marks and
    /// controls (U+200E–200F, U+202A–202E, U+2066–2069), invisible operators (U+2061–2064), the soft
    /// hyphen (U+00AD), variation selectors (U+FE00–FE0F) and the keycap mark (U+20E3, 1️⃣). Pasted
    /// from an app or typed on purpose, they split a number or an address where a reader sees none.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xAD, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0x20E3, 0xFE00...0xFE0F, 0xFEFF: return true
        default: return false
        }
    }

    /// Writes a run of ASCII digits, full-width digits and numerals as ASCII digits; returns the
    /// new write position.
    private static func writeDigits(of run: Slice<UnsafeBufferPointer<UInt8>>, to output: UnsafeMutableBufferPointer<UInt8>,
                                    at start: Int) -> Int {
        var write = start
        var index = run.startIndex
        while index < run.endIndex {
            if run[index] < 0x80 {
                output[write] = run[index]
                index += 1
            } else {
                let (a, b, c) = (run[index], run[index + 1], run[index + 2])
                output[write] = numeral(a, b, c) ?? fullWidthDigit(a, b, c) ?? 0x30
                index += 3
            }
            write += 1
        }
        return write
    }

    /// The fewest digits and numerals in a row that are read as a number: a mobile number is 11, a
    /// bank service number 5; seven keeps counting words (一二三) and dates (二〇二四) as they are.
    static let spokenNumberLength = 7

    /// The digit a Chinese numeral stands for when a number is read out digit by digit (〇/零 0,
    /// 一/幺 1, 二/两 2 … 九 9), from its three UTF-8 bytes; nil for every other character.
    @inline(__always) static func numeral(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> UInt8? {
        switch (first, second, third) {
        case (0xE3, 0x80, 0x87), (0xE9, 0x9B, 0xB6): return 0x30   // 〇 零
        case (0xE4, 0xB8, 0x80), (0xE5, 0xB9, 0xBA): return 0x31   // 一 幺
        case (0xE4, 0xBA, 0x8C), (0xE4, 0xB8, 0xA4): return 0x32   // 二 两
        case (0xE4, 0xB8, 0x89): return 0x33                       // 三
        case (0xE5, 0x9B, 0x9B): return 0x34                       // 四
        case (0xE4, 0xBA, 0x94): return 0x35                       // 五
        case (0xE5, 0x85, 0xAD): return 0x36                       // 六
        case (0xE4, 0xB8, 0x83): return 0x37                       // 七
        case (0xE5, 0x85, 0xAB): return 0x38                       // 八
        case (0xE4, 0xB9, 0x9D): return 0x39                       // 九
        // The financial forms (大写), as a number is written out to be hard to alter.
        case (0xE5, 0xA3, 0xB9): return 0x31                       // 壹
        case (0xE8, 0xB4, 0xB0): return 0x32                       // 贰
        case (0xE5, 0x8F, 0x81): return 0x33                       // 叁
        case (0xE8, 0x82, 0x86): return 0x34                       // 肆
        case (0xE4, 0xBC, 0x8D): return 0x35                       // 伍
        case (0xE9, 0x99, 0x86): return 0x36                       // 陆
        case (0xE6, 0x9F, 0x92): return 0x37                       // 柒
        case (0xE6, 0x8D, 0x8C): return 0x38                       // 捌
        case (0xE7, 0x8E, 0x96): return 0x39                       // 玖
        default: return nil
        }
    }

    /// Whether the three UTF-8 bytes are a financial form of a digit (壹 贰 叁 肆 伍 陆 柒 捌 玖).
    @inline(__always) static func isFinancialNumeral(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Bool {
        switch (first, second, third) {
        case (0xE5, 0xA3, 0xB9), (0xE8, 0xB4, 0xB0), (0xE5, 0x8F, 0x81), (0xE8, 0x82, 0x86), (0xE4, 0xBC, 0x8D),
             (0xE9, 0x99, 0x86), (0xE6, 0x9F, 0x92), (0xE6, 0x8D, 0x8C), (0xE7, 0x8E, 0x96): return true
        default: return false
        }
    }

    @inline(__always) private static func fullWidthDigit(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> UInt8? {
        first == 0xEF && second == 0xBC && third >= 0x90 && third <= 0x99 ? third - 0x60 : nil
    }

    /// From `start`, the digits, full-width digits and numerals in a row, read out in groups or not
    /// (幺三八 零零幺三 八零零零: one space or hyphen between two of them): where they end, and how
    /// many digits they hold.
    private static func digitRun(in source: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, characters: Int) {
        var index = start, characters = 0
        while index < source.count {
            if let length = digitLength(in: source, at: index) {
                index += length
                characters += 1
            } else if characters > 0, source[index] == 0x20 || source[index] == 0x2D,
                      index + 1 < source.count, digitLength(in: source, at: index + 1) != nil {
                index += 1
            } else {
                break
            }
        }
        return (index, characters)
    }

    /// The byte length of the digit, full-width digit or numeral at `index`; nil for anything else.
    @inline(__always) private static func digitLength(in source: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        if source[index] &- 0x30 < 10 { return 1 }
        guard index + 2 < source.count else { return nil }
        let (a, b, c) = (source[index], source[index + 1], source[index + 2])
        return numeral(a, b, c) != nil || fullWidthDigit(a, b, c) != nil ? 3 : nil
    }

    /// The digit a Chinese numeral stands for when read out digit by digit (see ``numeral(_:_:_:)``).
    public static func spokenDigit(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x3007, 0x96F6: return "0"   // 〇 零
        case 0x4E00, 0x5E7A: return "1"   // 一 幺
        case 0x4E8C, 0x4E24: return "2"   // 二 两
        case 0x4E09: return "3"           // 三
        case 0x56DB: return "4"           // 四
        case 0x4E94: return "5"           // 五
        case 0x516D: return "6"           // 六
        case 0x4E03: return "7"           // 七
        case 0x516B: return "8"           // 八
        case 0x4E5D: return "9"           // 九
        case 0x58F9: return "1"           // 壹
        case 0x8D30: return "2"           // 贰
        case 0x53C1: return "3"           // 叁
        case 0x8086: return "4"           // 肆
        case 0x4F0D: return "5"           // 伍
        case 0x9646: return "6"           // 陆
        case 0x67D2: return "7"           // 柒
        case 0x634C: return "8"           // 捌
        case 0x7396: return "9"           // 玖
        default: return nil
        }
    }

    /// The folded form of one code point (what ``init(_:)`` does to each character; an invisible
    /// one, which it drops, is returned as it is).
    public static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0)!
        case 0x3000, 0x00A0, 0x2000...0x200A, 0x202F, 0x205F: return " "
        case 0x4E00...0x9FFF: return TraditionalChinese.simplified(scalar.value).flatMap(Unicode.Scalar.init) ?? scalar
        case 0x2010...0x2015, 0x2212, 0xFE63: return "-"
        case 0x1D7CE...0x1D7FF: return Unicode.Scalar(0x30 + (scalar.value - 0x1D7CE) % 10)!
        default:
            if let digit = enclosedDigit(scalar.value) { return Unicode.Scalar(0x30 + digit) }
            return scalar
        }
    }

    /// 1 for a byte that starts a code point, 0 for a UTF-8 continuation byte (0x80–0xBF), without
    /// a branch: in mixed Chinese and ASCII text a branch here is mispredicted often enough to be
    /// the slowest part of counting code points.
    @inline(__always) static func startsScalar(_ byte: UInt8) -> Int32 {
        Int8(bitPattern: byte) >= -0x40 ? 1 : 0
    }

    /// The code-point offset in the original text of the character that starts at folded byte `byte`
    /// (or of the end of the text): where a finding starts. Invisible characters dropped right
    /// before it are counted before it, so a finding never starts with one.
    public func scalarOffset(ofByte byte: Int) -> Int {
        foldedScalarOffset(ofByte: byte) + (droppedBefore.isEmpty ? 0 : droppedCount(upTo: byte, including: true))
    }

    /// The code-point offset in the original text where a finding that ends at folded byte `byte`
    /// ends: invisible characters dropped right after its last character stay outside it, except
    /// the marks that belong to that character (the keycap of 8️⃣).
    public func endScalarOffset(ofByte byte: Int) -> Int {
        guard !droppedBefore.isEmpty else { return foldedScalarOffset(ofByte: byte) }
        var count = droppedCount(upTo: byte, including: false)
        while count < droppedBefore.count && droppedBefore[count] >> 1 == byte && droppedBefore[count] & 1 == 1 { count += 1 }
        return foldedScalarOffset(ofByte: byte) + count
    }

    /// How many dropped characters were at folded offsets before `byte` (or at it, when `including`).
    private func droppedCount(upTo byte: Int, including: Bool) -> Int {
        var low = 0, high = droppedBefore.count
        while low < high {
            let mid = (low + high) / 2
            let at = droppedBefore[mid] >> 1
            if at < byte || (including && at == byte) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The code-point offset in the folded text of the character that starts at `byte`.
    @inline(__always) private func foldedScalarOffset(ofByte byte: Int) -> Int {
        let block = byte >> NormalizedText.blockShift
        var count = Int(blockScalars[block])
        var index = block << NormalizedText.blockShift
        utf8.withUnsafeBufferPointer { buffer in
            while index < byte {
                count &+= Int(NormalizedText.startsScalar(buffer[index]))
                index += 1
            }
        }
        return count
    }

    /// Original code-point offsets for a range of code points of the folded text (what a recognizer
    /// that decodes ``utf8`` counts in): the same range unless the fold dropped a character.
    public func scalarRange(ofFolded range: Range<Int>) -> Range<Int> {
        guard !droppedBefore.isEmpty else { return range }
        return scalarOffset(ofByte: byteOffset(ofFoldedScalar: range.lowerBound))
            ..< endScalarOffset(ofByte: byteOffset(ofFoldedScalar: range.upperBound))
    }

    /// The folded byte offset of the character at code-point offset `scalar` of the original text
    /// (or the end of the text). A dropped character has no byte of its own: it maps to the next
    /// character's.
    public func byteOffset(ofScalar scalar: Int) -> Int {
        guard !droppedScalars.isEmpty else { return byteOffset(ofFoldedScalar: scalar) }
        // Less the dropped characters before it (a binary search: a text can hold many).
        var low = 0, high = droppedScalars.count
        while low < high {
            let mid = (low + high) / 2
            if droppedScalars[mid] < scalar { low = mid + 1 } else { high = mid }
        }
        return byteOffset(ofFoldedScalar: scalar - low)
    }

    /// The byte offset where the code point at `scalar` of the folded text starts (or the end of the text).
    @inline(__always) private func byteOffset(ofFoldedScalar scalar: Int) -> Int {
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
