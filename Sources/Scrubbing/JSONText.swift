/// Small helpers for writing JSON lines by hand, so keys come out in a fixed, documented order.
public enum JSONText {
    /// `text` as a JSON string literal (`"`, `\\`, control characters, U+2028 and U+2029 escaped;
    /// everything else as UTF-8).
    public static func quoted(_ text: String) -> String {
        var text = text
        return text.withUTF8 { utf8 -> String in
            var output: [UInt8] = []
            output.reserveCapacity(utf8.count + 2)
            output.append(0x22)
            // Copy runs of bytes that need no escape in one call each.
            var runStart = 0
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                let escape: Bool
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C {
                    // U+2028 / U+2029 (E2 80 A8 / E2 80 A9) break JavaScript readers of JSON lines.
                    escape = byte == 0xE2 && index + 2 < count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9)
                } else {
                    escape = true
                }
                guard escape else {
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                switch byte {
                case 0x22: output.append(0x5C); output.append(0x22)
                case 0x5C: output.append(0x5C); output.append(0x5C)
                case 0x0A: output.append(0x5C); output.append(0x6E)
                case 0x0D: output.append(0x5C); output.append(0x72)
                case 0x09: output.append(0x5C); output.append(0x74)
                case 0xE2:
                    output.append(contentsOf: "\\u202".utf8)
                    output.append(utf8[index + 2] == 0xA8 ? 0x38 : 0x39)
                    index += 2
                default:
                    output.append(contentsOf: "\\u00".utf8)
                    output.append(JSONText.hexDigit(byte >> 4))
                    output.append(JSONText.hexDigit(byte & 0xF))
                }
                index += 1
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
            output.append(0x22)
            return String(decoding: output, as: UTF8.self)
        }
    }

    @inline(__always) private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x57 + value
    }

    /// A score rounded to three decimals, without float noise (0.7000000000000001 → 0.7).
    public static func number(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
