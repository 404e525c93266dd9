#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Entry ids: version 7 UUIDs (RFC 9562 §5.7) in lower-case text form: 48 bits of Unix time in
/// milliseconds, then random bits.
///
/// Time-ordered ids make the log's unique id index grow at its right edge instead of taking random
/// inserts all over the B-tree, which measurably sped up appends. The random part comes from
/// `SystemRandomNumberGenerator` (the `getrandom` system call); Foundation's `UUID()` opened and
/// read `/dev/urandom` once per id on Linux.
public enum EntryID {
    public static func random() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let milliseconds = UInt64(spec.tv_sec) * 1000 + UInt64(spec.tv_nsec / 1_000_000)
        var generator = SystemRandomNumberGenerator()
        let randomHigh = generator.next()
        let randomLow = generator.next()
        // 48-bit timestamp | version 7 | 12 random bits
        let high = (milliseconds << 16) | 0x7000 | (randomHigh & 0x0FFF)
        // variant 10 | 62 random bits
        let low = (randomLow & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let hex = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 8 || index == 12 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(hex[Int((high >> UInt64(shift)) & 0xF)])
        }
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 0 || index == 4 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(hex[Int((low >> UInt64(shift)) & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
