#if canImport(Glibc)
import Glibc
#endif

/// Check-digit algorithms used by the validators. Each function takes the folded candidate text.
public enum CheckDigits {
    /// The 31 characters of GB 32100-2015 (no I, O, Z, S, V).
    static let uscCharacters = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)

    /// GB 32100-2015: weights 3^(i−1) mod 31; check = alphabet[(31 − Σ mod 31) mod 31].
    public static func isValidUnifiedSocialCreditCode(_ text: String) -> Bool { isValidUnifiedSocialCreditCode(bytes: Array(text.utf8)) }

    private static let uscWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    static func isValidUnifiedSocialCreditCode(bytes: [UInt8]) -> Bool {
        guard bytes.count == 18 else { return false }
        var sum = 0
        for (byte, weight) in zip(bytes.prefix(17), uscWeights) {
            guard let value = uscCharacters.firstIndex(of: byte) else { return false }
            sum += value * weight
        }
        return uscCharacters[(31 - sum % 31) % 31] == bytes[17] && isValidOrganizationCode(bytes[8..<17])
    }

    /// GB 11714-1997 organisation code (positions 9–17 of a USCC): 8 characters and a check
    /// character, weights 3 7 9 10 5 8 4 2, check = 11 − Σ mod 11 (10 → X, 11 → 0).
    public static func isValidOrganizationCode(_ code: ArraySlice<UInt8>) -> Bool {
        guard code.count == 9 else { return false }
        var sum = 0
        for (byte, weight) in zip(code.prefix(8), organizationWeights) {
            switch byte {
            case 48...57: sum += Int(byte - 48) * weight
            case 65...90: sum += Int(byte - 55) * weight
            default: return false
            }
        }
        let check = 11 - sum % 11
        let expected: UInt8 = check == 10 ? UInt8(ascii: "X") : check == 11 ? UInt8(ascii: "0") : UInt8(48 + check)
        return code.last == expected
    }

    private static let organizationWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    /// ISO 13616: move the first four characters to the end, letters to 10–35, mod 97 must be 1.
    public static func isValidIBAN(_ text: String) -> Bool { isValidIBAN(bytes: Array(text.uppercased().utf8)) }

    /// `isValidIBAN` on upper-case ASCII bytes (lower-case letters are upper-cased here).
    static func isValidIBAN(bytes: [UInt8]) -> Bool {
        let bytes = bytes.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        guard (15...34).contains(bytes.count), bytes.prefix(2).allSatisfy({ $0 >= 65 && $0 <= 90 }),
              bytes[2...3].allSatisfy({ $0 >= 48 && $0 <= 57 }),
              ibanLengths[UInt16(bytes[0]) << 8 | UInt16(bytes[1])] == bytes.count else { return false }
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

    /// IBAN length by country, from the SWIFT IBAN registry (ISO 13616). A code that is not a
    /// registered IBAN country (SF88…, a courier's tracking number) is no IBAN, whatever mod 97 says.
    static let ibanLengths: [UInt16: Int] = {
        let registry: KeyValuePairs<String, Int> = [
            "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
            "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
            "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
            "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
            "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
            "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
            "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
            "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
            "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
        ]
        var lengths: [UInt16: Int] = [:]
        for (country, length) in registry {
            let code = Array(country.utf8)
            lengths[UInt16(code[0]) << 8 | UInt16(code[1])] = length
        }
        return lengths
    }()

    /// An IPv6 address that `inet_pton(AF_INET6)` accepts, written with `::` or all eight groups.
    public static func isValidIPv6(_ text: String) -> Bool {
        var colons = 0, doubleColon = false, previousColon = false
        for byte in text.utf8 {
            let colon = byte == UInt8(ascii: ":")
            if colon { colons += 1 }
            if colon && previousColon { doubleColon = true }
            previousColon = colon
        }
        guard doubleColon || colons == 7 else { return false }
        var address = in6_addr()
        return text.withCString { inet_pton(AF_INET6, $0, &address) } == 1
    }

    /// SSA rules: area not 000, 666 or 900–999; group not 00; serial not 0000.
    public static func isIssuableSSN(_ digits: String) -> Bool { isIssuableSSN(bytes: Array(digits.utf8)) }

    static func isIssuableSSN(bytes: [UInt8]) -> Bool {
        guard bytes.count == 9, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        let area = number(bytes[0..<3]), group = number(bytes[3..<5]), serial = number(bytes[5..<9])
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    /// Hong Kong identity card: one or two letters, six digits and a check character (0–9 or A),
    /// written `A123456(3)` or without the brackets. Each character has a value (a letter 10–35 in
    /// alphabet order, a digit its own, a missing second letter 36) and a weight from 9 down to 2;
    /// the check character makes the weighted sum with it a multiple of 11 (value 10 is written A).
    public static func isValidHongKongIdentityCard(_ text: String) -> Bool { isValidHongKongIdentityCard(bytes: Array(text.utf8)) }

    static func isValidHongKongIdentityCard(bytes: [UInt8]) -> Bool {
        let characters = bytes.filter { $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")") }.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        guard characters.count == 8 || characters.count == 9 else { return false }
        let letters = characters.count - 7
        guard characters.prefix(letters).allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }),
              characters[letters..<letters + 6].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        // Nine values: a missing second letter counts as a space (36) in front.
        var values = letters == 1 ? [36] : []
        for character in characters.dropLast() {
            values.append(character >= 0x41 ? Int(character) - 0x41 + 10 : Int(character) - 0x30)
        }
        var sum = 0
        for (value, weight) in zip(values, stride(from: 9, through: 2, by: -1)) { sum += value * weight }
        let check = (11 - sum % 11) % 11
        let written = characters[characters.count - 1]
        return written == UInt8(ascii: "A") ? check == 10 : written >= 0x30 && written <= 0x39 && check == Int(written) - 0x30
    }

    /// Taiwan national identification number: a letter, 1 or 2 (8 or 9 for residents' certificates
    /// since 2021), seven digits and a check digit. The letter stands for a two-digit code (A = 10 …
    /// with I, O, W, X, Y, Z out of order); the code's digits and the nine digits, weighted
    /// 1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1, sum to a multiple of 10.
    public static func isValidTaiwanNationalID(_ text: String) -> Bool { isValidTaiwanNationalID(bytes: Array(text.utf8)) }

    static func isValidTaiwanNationalID(bytes: [UInt8]) -> Bool {
        guard bytes.count == 10 else { return false }
        let letter = bytes[0] >= 0x61 && bytes[0] <= 0x7A ? bytes[0] - 0x20 : bytes[0]
        guard letter >= 0x41 && letter <= 0x5A, bytes[1...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              [1, 2, 8, 9].contains(Int(bytes[1]) - 0x30) else { return false }
        let code = taiwanLetterCodes[Int(letter - 0x41)]
        var sum = code / 10 + (code % 10) * 9
        for (digit, weight) in zip(bytes[1...], [8, 7, 6, 5, 4, 3, 2, 1, 1]) { sum += (Int(digit) - 0x30) * weight }
        return sum % 10 == 0
    }

    /// The two-digit code of each letter A–Z in a Taiwan identification number.
    private static let taiwanLetterCodes = [10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33]

    /// ISO 7064 MOD 11-2 as used by GB 11643-1999 for the 18th character of a resident ID number.
    /// Weights are 2^(18−i) mod 11; the check character is `"10X98765432"[Σ mod 11]`.
    public static func residentIDCheckCharacter(_ first17: some Collection<UInt8>) -> UInt8? {
        guard first17.count == 17 else { return nil }
        var sum = 0
        for (digit, weight) in zip(first17, residentIDWeights) {
            guard digit >= 0x30 && digit <= 0x39 else { return nil }
            sum += Int(digit - 0x30) * weight
        }
        return residentIDCheckCharacters[sum % 11]
    }

    private static let residentIDWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let residentIDCheckCharacters = Array("10X98765432".utf8)

    /// Whether an 18-character resident ID number has a plausible birth date and a correct check character.
    public static func isValidResidentID(_ text: String) -> Bool { isValidResidentID(bytes: Array(text.utf8)) }

    static func isValidResidentID(bytes: [UInt8]) -> Bool {
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

    /// A 15-digit legacy ID (`AAAAAA YYMMDD SSS`) whose birth date exists in 19YY.
    public static func isPlausibleLegacyResidentID(_ text: String) -> Bool { isPlausibleLegacyResidentID(bytes: Array(text.utf8)) }

    static func isPlausibleLegacyResidentID(bytes: [UInt8]) -> Bool {
        guard bytes.count == 15, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return isPlausibleBirthDate(year: 1900 + number(bytes[6..<8]), month: number(bytes[8..<10]), day: number(bytes[10..<12]))
    }

    /// A NANP number (+1, 1 or 001 optional, an extension after `x` or `ext` ignored): ten digits
    /// whose area code and exchange start with 2–9.
    public static func isNorthAmericanNumber(_ text: String) -> Bool { isNorthAmericanNumber(bytes: Array(text.utf8)) }

    static func isNorthAmericanNumber(bytes: [UInt8]) -> Bool {
        // The number ends where the extension's letters begin.
        let number = bytes.prefix { byte in !((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) }
        var digits = number.filter { $0 >= 0x30 && $0 <= 0x39 }
        if digits.count == 13 && digits.starts(with: Array("001".utf8)) {
            digits.removeFirst(3)
        } else if digits.count == 11 && digits[0] == UInt8(ascii: "1") {
            digits.removeFirst()
        }
        return digits.count == 10 && digits[0] >= UInt8(ascii: "2") && digits[3] >= UInt8(ascii: "2")
    }

    /// A date that exists, written year first (1990-01-02, 1990/1/2, 1990.01.02, 1990年1月2日, 19900102,
    /// 90年1月2日, 一九九〇年一月二日) or year last with the month or the day first (07/03/1990), or with
    /// the month's English name. A two-digit year before 年 is read in the last hundred years.
    public static func isPlausibleDate(_ text: String) -> Bool { isPlausibleDate(bytes: Array(text.utf8)) }

    static func isPlausibleDate(bytes: [UInt8]) -> Bool {
        if bytes.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) { return isPlausibleWrittenDate(bytes: bytes) }
        // Chinese numerals (一九九〇年三月七日, 十二月二十一日) are read as the digits they stand for.
        if bytes.contains(where: { $0 >= 0xE3 && $0 <= 0xE9 }) {
            let digits = Array(arabicNumerals(String(decoding: bytes, as: UTF8.self)).utf8)
            if digits != bytes { return isPlausibleDate(bytes: digits) }
        }
        var parts: [Int] = []
        var current: Int?
        var digitsInPart = 0
        var firstPartDigits = 0
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                // No date part has more than eight digits (19900102); a longer run would overflow.
                guard digitsInPart < 8 else { return false }
                current = (current ?? 0) * 10 + Int(byte - 0x30)
                digitsInPart += 1
            } else if let value = current {
                if parts.isEmpty { firstPartDigits = digitsInPart }
                parts.append(value)
                current = nil
                digitsInPart = 0
            }
        }
        let lastPartDigits = digitsInPart
        if let value = current {
            if parts.isEmpty && digitsInPart == 8 {
                parts = [value / 10_000, value / 100 % 100, value % 100]
            } else {
                parts.append(value)
            }
        }
        guard parts.count == 3 else { return false }
        // 90年3月7日: a two-digit year before 年, 1930–2029 (a fixed pivot, so the answer never
        // depends on the day it is asked).
        if parts[0] < 100 && firstPartDigits == 2 && bytes.count > 4 && bytes[2] == 0xE5 && bytes[3] == 0xB9 && bytes[4] == 0xB4 {
            parts[0] += parts[0] < 30 ? 2000 : 1900
        } else if parts[2] < 100 && lastPartDigits == 2 && firstPartDigits <= 2 && parts[0] <= 31 && parts[1] <= 31 {
            // 4/7/82: a two-digit year last, with the same pivot; month first or day first.
            parts[2] += parts[2] < 30 ? 2000 : 1900
        } else if parts[0] > 31 && parts[0] < 100 && firstPartDigits == 2 {
            // 90.03.07: a two-digit year first, where it cannot be a day.
            parts[0] += 1900
        }
        // Year last (07/03/1990): month first as in the US, or day first as in Europe; either will do.
        if parts[2] >= 1000 {
            return isPlausibleBirthDate(year: parts[2], month: parts[0], day: parts[1])
                || isPlausibleBirthDate(year: parts[2], month: parts[1], day: parts[0])
        }
        return isPlausibleBirthDate(year: parts[0], month: parts[1], day: parts[2])
    }

    /// A date with the month's English name (March 3, 1985; 3rd March 1985; Mar. 3 1985): the
    /// name's first three letters give the month, the two numbers are the day and the year.
    static func isPlausibleWrittenDate(bytes: [UInt8]) -> Bool {
        var month: Int?
        var numbers: [Int] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index] | 0x20
            if byte >= 0x61 && byte <= 0x7A {
                var word: [UInt8] = []
                while index < bytes.count, (bytes[index] | 0x20) >= 0x61, (bytes[index] | 0x20) <= 0x7A {
                    word.append(bytes[index] | 0x20)
                    index += 1
                }
                if month == nil, word.count >= 3, let found = monthNames.firstIndex(of: Array(word.prefix(3))) { month = found + 1 }
            } else if bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                var value = 0, digits = 0
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 5 {
                    value = value * 10 + Int(bytes[index] - 0x30)
                    digits += 1
                    index += 1
                }
                numbers.append(value)
            } else {
                index += 1
            }
        }
        guard let month, numbers.count == 2 else { return false }
        var (day, year) = numbers[0] <= 31 ? (numbers[0], numbers[1]) : (numbers[1], numbers[0])
        // 7 Mar 90: a two-digit year, 1930–2029 as elsewhere.
        if year < 100 { year += year < 30 ? 2000 : 1900 }
        return isPlausibleBirthDate(year: year, month: month, day: day)
    }

    private static let monthNames: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map { Array($0.utf8) }

    /// A birth date that exists on the calendar and lies between 1900 and 2099.
    /// `text` with each run of Chinese numerals written in digits: one by one for a year
    /// (一九九〇 → 1990), by value where 十 appears (十二 → 12, 二十一 → 21, 三十 → 30).
    static func arabicNumerals(_ text: String) -> String {
        var result = ""
        var run: [Int] = []   // digit values; 10 for 十
        func flush() {
            guard !run.isEmpty else { return }
            if let ten = run.firstIndex(of: 10) {
                let tens = ten == 0 ? 1 : run[..<ten].reduce(0) { $0 * 10 + $1 }
                let ones = run[(ten + 1)...].reduce(0) { $0 * 10 + ($1 == 10 ? 0 : $1) }
                result += String(tens * 10 + ones)
            } else {
                result += run.map(String.init).joined()
            }
            run.removeAll()
        }
        for scalar in text.unicodeScalars {
            if scalar == "十" {
                run.append(10)
            } else if let digit = NormalizedText.spokenDigit(scalar), scalar != "幺", scalar != "两" {
                run.append(Int(digit.value) - 0x30)
            } else {
                flush()
                result.unicodeScalars.append(scalar)
            }
        }
        flush()
        return result
    }

    static func isPlausibleBirthDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1900...2099).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return day <= (month == 2 && leap ? 29 : daysInMonth[month - 1])
    }

    private static let daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 * 10 + Int($1) - 0x30 }
    }
}
