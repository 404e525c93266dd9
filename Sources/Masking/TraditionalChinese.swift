/// Traditional Chinese characters folded to their Simplified form, one code point for one, so that
/// the policy's cue words, lexicons and patterns, written in Simplified Chinese, read messages from
/// Hong Kong, Macau and Taiwan customers too: 驗證碼 reads as 验证码, 陳大文 as 陈大文, 台北市信義區
/// as 台北市信义区. The pairs (``pairLines``, generated) come from OpenCC's TSCharacters dictionary.
enum TraditionalChinese {
    static let first: UInt32 = 0x4E00
    static let last: UInt32 = 0x9FFF

    /// For each code point U+4E00–U+9FFF, the Simplified code point it folds to, or 0 when it stays.
    static let simplified: [UInt32] = {
        var table = [UInt32](repeating: 0, count: Int(last - first + 1))
        for line in pairLines {
            var scalars = line.unicodeScalars.makeIterator()
            while let traditional = scalars.next(), let simple = scalars.next() {
                table[Int(traditional.value - first)] = simple.value
            }
        }
        return table
    }()

    /// The Simplified form of `value`, or nil when it has none of its own (it is Simplified already,
    /// the same in both, or outside the CJK Unified Ideographs block).
    @inline(__always) static func simplified(_ value: UInt32) -> UInt32? {
        guard value >= first && value <= last else { return nil }
        let folded = simplified[Int(value - first)]
        return folded == 0 ? nil : folded
    }
}
