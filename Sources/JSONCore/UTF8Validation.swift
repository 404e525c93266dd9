import Foundation

/// Strict UTF-8 checking (no overlongs, no surrogates, nothing above U+10FFFF).
public enum UTF8Validation {
    /// Offset of the first byte that does not start or continue a valid UTF-8 sequence; nil if all is valid.
    public static func firstInvalidOffset(_ bytes: some Collection<UInt8>) -> Int? {
        if let result = bytes.withContiguousStorageIfAvailable({ firstInvalidOffset(buffer: $0) }) { return result }
        return Array(bytes).withUnsafeBufferPointer { firstInvalidOffset(buffer: $0) }
    }

    /// The same, over a buffer; ASCII runs are skipped eight bytes at a time.
    public static func firstInvalidOffset(data: Data) -> Int? {
        data.withUnsafeBytes { firstInvalidOffset(buffer: $0.bindMemory(to: UInt8.self)) }
    }

    static func firstInvalidOffset(buffer bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var start = 0
        while start + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            start += 8
        }
        var iterator = bytes[start...].makeIterator()
        var offset = start
        func sequenceLength(_ lead: UInt8) -> Int {
            switch lead {
            case 0x00...0x7F: 1
            case 0xC2...0xDF: 2
            case 0xE0...0xEF: 3
            case 0xF0...0xF4: 4
            default: 0
            }
        }
        while let lead = iterator.next() {
            let length = sequenceLength(lead)
            if length == 0 { return offset }
            if length == 1 { offset += 1; continue }
            for index in 1..<length {
                guard let next = iterator.next() else { return offset }
                var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
                if index == 1 {
                    switch lead {
                    case 0xE0: lower = 0xA0
                    case 0xED: upper = 0x9F
                    case 0xF0: lower = 0x90
                    case 0xF4: upper = 0x8F
                    default: break
                    }
                }
                if next < lower || next > upper { return offset }
            }
            offset += length
        }
        return nil
    }
}
