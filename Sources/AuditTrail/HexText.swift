/// Lower-case hexadecimal text of bytes, without going through `String(format:)` per byte (which
/// costs microseconds, and digests are formatted on every request).
public enum HexText {
    @usableFromInline static let digits = Array("0123456789abcdef".utf8)

    /// `bytes` as lower-case hex. Inlinable, so a digest type from another module is iterated
    /// directly instead of through generic witnesses.
    @inlinable
    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var utf8: [UInt8] = []
        // A digest reports no count in advance: room for a SHA-256 digest at least.
        utf8.reserveCapacity(max(bytes.underestimatedCount, 32) * 2)
        for byte in bytes {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
