#if canImport(Glibc)
import Glibc
#endif

/// Check-digit algorithms used by the validators. Each function takes the folded candidate text.
public enum CheckDigits {
    /// The 31 characters of GB 32100-2015 (no I, O, Z, S, V).
    static let uscCharacters = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)

    /// GB 32100-2015: weights 3^(i−1) mod 31; check = alphabet[(31 − Σ mod 31) mod 31].
    public static func isValidUnifiedSocialCreditCode(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 18 else { return false }
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        var sum = 0
        for (byte, weight) in zip(bytes.prefix(17), weights) {
            guard let value = uscCharacters.firstIndex(of: byte) else { return false }
            sum += value * weight
        }
        return uscCharacters[(31 - sum % 31) % 31] == bytes[17]
    }

    /// ISO 13616: move the first four characters to the end, letters to 10–35, mod 97 must be 1.
    public static func isValidIBAN(_ text: String) -> Bool {
        let bytes = Array(text.uppercased().utf8)
        guard (15...34).contains(bytes.count), bytes.prefix(2).allSatisfy({ $0 >= 65 && $0 <= 90 }),
              bytes[2...3].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        var remainder = 0
        for byte in bytes.dropFirst(4) + bytes.prefix(4) {
            switch byte {
            case 48...57: remainder = (remainder * 10 + Int(byte - 48)) % 97
            case 65...90: remainder = (remainder * 100 + Int(byte - 55)) % 97
            default: return false
            }
        }
        return remainder == 1
    }

    /// An IPv6 address that `inet_pton(AF_INET6)` accepts, written with `::` or all eight groups.
    public static func isValidIPv6(_ text: String) -> Bool {
        guard text.contains("::") || text.filter({ $0 == ":" }).count == 7 else { return false }
        var address = in6_addr()
        return text.withCString { inet_pton(AF_INET6, $0, &address) } == 1
    }

    /// SSA rules: area not 000, 666 or 900–999; group not 00; serial not 0000.
    public static func isIssuableSSN(_ digits: String) -> Bool {
        let bytes = Array(digits.utf8)
        guard bytes.count == 9, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        let area = String(decoding: bytes[0..<3], as: UTF8.self)
        return area != "000" && area != "666" && bytes[0] != UInt8(ascii: "9")
            && String(decoding: bytes[3..<5], as: UTF8.self) != "00" && String(decoding: bytes[5..<9], as: UTF8.self) != "0000"
    }

    /// ISO 7064 MOD 11-2 as used by GB 11643-1999 for the 18th character of a resident ID number.
    /// Weights are 2^(18−i) mod 11; the check character is `"10X98765432"[Σ mod 11]`.
    public static func residentIDCheckCharacter(_ first17: some Collection<UInt8>) -> UInt8? {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        guard first17.count == 17 else { return nil }
        var sum = 0
        for (digit, weight) in zip(first17, weights) {
            guard digit >= 0x30 && digit <= 0x39 else { return nil }
            sum += Int(digit - 0x30) * weight
        }
        return Array("10X98765432".utf8)[sum % 11]
    }

    /// Whether an 18-character resident ID number has a plausible birth date and a correct check character.
    public static func isValidResidentID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 18 else { return false }
        guard let expected = residentIDCheckCharacter(bytes.prefix(17)) else { return false }
        let last = bytes[17] == UInt8(ascii: "x") ? UInt8(ascii: "X") : bytes[17]
        guard last == expected else { return false }
        let year = number(bytes[6..<10]), month = number(bytes[10..<12]), day = number(bytes[12..<14])
        return isPlausibleBirthDate(year: year, month: month, day: day)
    }

    /// Luhn (ISO/IEC 7812-1 annex B): double every second digit from the right, sum, mod 10 = 0.
    public static func passesLuhn(_ digits: some BidirectionalCollection<UInt8>) -> Bool {
        var sum = 0
        var double = false
        for byte in digits.reversed() {
            guard byte >= 0x30 && byte <= 0x39 else { return false }
            var value = Int(byte - 0x30)
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
        }
        return !digits.isEmpty && sum % 10 == 0
    }

    /// A birth date that exists on the calendar and lies between 1900 and 2099.
    static func isPlausibleBirthDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1900...2099).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 * 10 + Int($1) - 0x30 }
    }
}
