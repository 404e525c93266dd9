/// Small helpers for writing JSON lines by hand, so keys come out in a fixed, documented order.
public enum JSONText {
    /// `text` as a JSON string literal (`"`, `\\`, control characters, U+2028 and U+2029 escaped;
    /// everything else as UTF-8).
    public static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 2)
        output.append(0x22)
        let hex = Array("0123456789abcdef".utf8)
        var utf8 = text.utf8.makeIterator()
        var pending: [UInt8] = []
        while let byte = utf8.next() {
            switch byte {
            case 0x22: output += [0x5C, 0x22]
            case 0x5C: output += [0x5C, 0x5C]
            case 0x0A: output += [0x5C, 0x6E]
            case 0x0D: output += [0x5C, 0x72]
            case 0x09: output += [0x5C, 0x74]
            case 0x00..<0x20: output += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            case 0xE2:
                // U+2028 / U+2029 (E2 80 A8 / E2 80 A9) break JavaScript readers of JSON lines.
                pending = [byte]
                if let second = utf8.next() { pending.append(second) }
                if pending.count == 2, pending[1] == 0x80, let third = utf8.next() {
                    if third == 0xA8 || third == 0xA9 {
                        output += Array("\\u202".utf8) + [third == 0xA8 ? 0x38 : 0x39]
                    } else {
                        output += pending + [third]
                    }
                } else {
                    output += pending
                }
            default: output.append(byte)
            }
        }
        output.append(0x22)
        return String(decoding: output, as: UTF8.self)
    }

    /// A score rounded to three decimals, without float noise (0.7000000000000001 → 0.7).
    public static func number(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
