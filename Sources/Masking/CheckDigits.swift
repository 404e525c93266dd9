/// Check-digit algorithms used by the validators. Each function takes the folded candidate text.
public enum CheckDigits {
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
