import Testing
@testable import Masking

@Suite("Check digits")
struct CheckDigitsTests {
    @Test("GB 11643 MOD 11-2 accepts valid resident IDs, upper or lower case X", arguments: [
        "11010519491231002X", "11010519491231002x",
    ])
    func validResidentIDs(id: String) {
        #expect(CheckDigits.isValidResidentID(id))
    }

    @Test("GB 11643 rejects a wrong check character, a bad date, or the wrong length", arguments: [
        "110105194912310021",  // check character should be X
        "11010519491331002X",  // month 13
        "110105194902300020",  // 30 February
        "11010519491231002",   // 17 characters
        "11010519491231002XX", // 19 characters
    ])
    func invalidResidentIDs(id: String) {
        #expect(!CheckDigits.isValidResidentID(id))
    }

    @Test("Hong Kong identity cards: one or two letters, six digits, a MOD 11 check character (A for 10), brackets or none")
    func hongKongIdentityCards() {
        for valid in ["A123456(3)", "A1234563", "a123456(3)", "G123456(A)", "G123456(a)", "AB987654(3)"] {
            #expect(CheckDigits.isValidHongKongIdentityCard(valid), "\(valid)")
        }
        for invalid in ["A123456(7)", "G123456(0)", "AB987654(4)", "A12345(6)", "1234567(8)", "ABC12345(6)", "A123456()"] {
            #expect(!CheckDigits.isValidHongKongIdentityCard(invalid), "\(invalid)")
        }
    }

    @Test("Taiwan identification numbers: a letter's two-digit code and nine digits, weighted, sum to a multiple of 10")
    func taiwanNationalIDs() {
        for valid in ["A123456789", "a123456789", "F131104093", "Z212345670", "W187654323", "K298765436"] {
            #expect(CheckDigits.isValidTaiwanNationalID(valid), "\(valid)")
        }
        // A changed check digit, a second digit other than 1, 2, 8 or 9, the wrong length, no letter.
        for invalid in ["A123456788", "A323456789", "A12345678", "1123456789", "AA23456789"] {
            #expect(!CheckDigits.isValidTaiwanNationalID(invalid), "\(invalid)")
        }
    }

    @Test("NANP: ten digits, area code and exchange from 2–9; +1, 1 or 001 before and an extension after are allowed")
    func northAmericanNumbers() {
        for number in ["514-544-9454", "(415) 555-2671", "+1 415 555 2671", "14155552671", "001-514-544-9454x43732", "415-555-2671 ext. 12", "4686831067"] {
            #expect(CheckDigits.isNorthAmericanNumber(number), "\(number)")
        }
        for number in ["015-544-9454", "514-144-9454", "0024155552671", "24155552671", "001-014-544-9454", "514-544-945", "001-514-544-94541"] {
            #expect(!CheckDigits.isNorthAmericanNumber(number), "\(number)")
        }
    }

    @Test("The check character is computed from the 17 leading digits")
    func checkCharacterComputation() {
        #expect(CheckDigits.residentIDCheckCharacter(Array("11010519491231002".utf8)) == UInt8(ascii: "X"))
        #expect(CheckDigits.residentIDCheckCharacter(Array("1101051949123100".utf8)) == nil)
    }

    @Test("Luhn accepts valid card numbers", arguments: [
        "6222020200001234562", "4111111111111111", "5500000000000004", "2221000000000009", "378282246310005", "3530111333300000",
    ])
    func luhnValid(number: String) {
        #expect(CheckDigits.passesLuhn(Array(number.utf8)))
    }

    @Test("Luhn rejects a changed digit", arguments: ["6222020200001234563", "4111111111111112", "378282246310006"])
    func luhnInvalid(number: String) {
        #expect(!CheckDigits.passesLuhn(Array(number.utf8)))
    }

    @Test("Leap years decide whether 29 February is a birth date")
    func leapYears() {
        #expect(CheckDigits.isPlausibleBirthDate(year: 2000, month: 2, day: 29))
        #expect(!CheckDigits.isPlausibleBirthDate(year: 1900, month: 2, day: 29))
        #expect(!CheckDigits.isPlausibleBirthDate(year: 1899, month: 1, day: 1))
    }

    @Test("Dates in Chinese numerals and with a two-digit year (90年3月7日, 4/7/82) are read as the date they name")
    func chineseNumeralsAndShortYears() {
        #expect(CheckDigits.arabicNumerals("一九九〇年三月七日") == "1990年3月7日")
        #expect(CheckDigits.arabicNumerals("二〇〇五年十二月二十一日") == "2005年12月21日")
        #expect(CheckDigits.arabicNumerals("十月三十日") == "10月30日")
        #expect(CheckDigits.isPlausibleDate("一九九〇年三月七日"))
        #expect(CheckDigits.isPlausibleDate("二〇〇〇年二月二十九日"))     // a leap year
        #expect(!CheckDigits.isPlausibleDate("一九九〇年二月三十日"))      // 30 February
        #expect(!CheckDigits.isPlausibleDate("一九九〇年十三月一日"))
        // A two-digit year before 年 is 1930–2029, whatever the day it is asked.
        #expect(CheckDigits.isPlausibleDate("90年3月7日"))
        #expect(CheckDigits.isPlausibleDate("05年2月28日"))
        #expect(!CheckDigits.isPlausibleDate("01年2月29日"))               // 2001 is no leap year
        #expect(CheckDigits.isPlausibleDate("00年2月29日"))                // 2000 is
        #expect(!CheckDigits.isPlausibleDate("12-3-7"))                   // 12 could be a day: only before 年
        #expect(CheckDigits.isPlausibleDate("12年3月17日"))                // year first: 17 is the day
        // A two-digit year last (4/7/82), with the same pivot; month first or day first.
        #expect(CheckDigits.isPlausibleDate("4/7/82"))
        #expect(CheckDigits.isPlausibleDate("12/31/99"))
        #expect(CheckDigits.isPlausibleDate("31-12-99"))
        #expect(CheckDigits.isPlausibleDate("2/29/00"))                   // 2000 is a leap year
        #expect(!CheckDigits.isPlausibleDate("2/29/01"))
        #expect(!CheckDigits.isPlausibleDate("13/13/82"))
        // A two-digit year first where it cannot be a day (90.03.07, 90-3-7), and with a month's name (7 Mar 90).
        #expect(CheckDigits.isPlausibleDate("90.03.07"))
        #expect(CheckDigits.isPlausibleDate("90-3-7"))
        #expect(!CheckDigits.isPlausibleDate("90.02.30"))
        #expect(CheckDigits.isPlausibleDate("7 Mar 90"))
        #expect(CheckDigits.isPlausibleDate("07-Mar-1990"))
        #expect(!CheckDigits.isPlausibleDate("31-Feb-90"))
    }

    @Test("A date with the year last reads month first or day first; it must exist either way")
    func yearLast() {
        #expect(CheckDigits.isPlausibleDate("07/03/1990"))     // 3 July or 7 March
        #expect(CheckDigits.isPlausibleDate("31.12.1985"))     // only day first exists
        #expect(CheckDigits.isPlausibleDate("12/31/1985"))     // only month first exists
        #expect(!CheckDigits.isPlausibleDate("13/13/1990"))
        #expect(!CheckDigits.isPlausibleDate("02/30/1990"))
        #expect(!CheckDigits.isPlausibleDate("29/02/1990"))    // 1990 is no leap year
        #expect(CheckDigits.isPlausibleDate("29/02/1992"))
    }

    @Test("A date with the month's English name: the name gives the month, the numbers the day and the year")
    func monthNames() {
        #expect(CheckDigits.isPlausibleDate("March 3, 1985"))
        #expect(CheckDigits.isPlausibleDate("3rd of March 1985"))
        #expect(CheckDigits.isPlausibleDate("Sept. 14 1972"))
        #expect(CheckDigits.isPlausibleDate("12 dec 1999"))
        #expect(!CheckDigits.isPlausibleDate("Feb 30, 1990"))
        #expect(!CheckDigits.isPlausibleDate("Smarch 3, 1985"))   // no month starts with "sma"
        #expect(!CheckDigits.isPlausibleDate("March 1985"))       // no day
    }

    @Test("IPv6: '::' or exactly eight groups, then inet_pton decides")
    func ipv6() {
        for valid in ["2001:db8::1", "::1", "fe80::1:2", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "1:2:3:4:5:6:7:8"] {
            #expect(CheckDigits.isValidIPv6(valid), "\(valid)")
        }
        for invalid in ["12:30:45", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "2001:db8:::1", "gg::1", "1::2::3", ""] {
            #expect(!CheckDigits.isValidIPv6(invalid), "\(invalid)")
        }
    }

    @Test("Pinyin: one to three syllables per token, ASCII letters only, any case")
    func pinyin() {
        for name in ["Zhang Wei", "Ouyang Nana", "Li Xiaoming", "WANG Fang", "Zhuge Liang", "Lv Bu", "Xi Jinping"] {
            #expect(Pinyin.isName(name), "\(name)")
        }
        for name in ["Lyu Wei", "Nyu Hong", "Yu Yue", "Wu Weng", "Zhang Er"] {   // passport spellings, y- and w- syllables
            #expect(Pinyin.isName(name), "\(name)")
        }
        // Pieces that are pinyin finals but no syllable alone (ve, i, ue) do not spell a word.
        for other in ["He Said", "Li Street", "Wang", "Zhang Xiaomingmingming", "Lü Bu", "Li Ann", "Chen 3", "Avenue Xu", "Chen Ave",
                      "Wang Uie", "Li Iu"] {
            #expect(!Pinyin.isName(other), "\(other)")
        }
        #expect(Pinyin.isSyllables("zhuangshuang"))   // zhuang + shuang
        #expect(!Pinyin.isSyllables("zhuangshuangzhuangs"))   // more than 18 letters
        #expect(!Pinyin.isSyllables("anananan"))   // four syllables at least
    }

    @Test("Every validator gives the same verdict and reason on bytes as on the string")
    func bytesAgreeWithStrings() {
        var generator = SystemRandomNumberGenerator()
        var candidates = ["11010519491231002X", "11010519491231002x", "110105194912310021", "91350100M000100Y43",
                          "91350100M000100Y44", "GB82WEST12345698765432", "gb82 west 1234 5698 7654 32", "123-45-6789",
                          "666-45-6789", "000-12-3456", "(212) 555-0123", "+1 212-555-0123", "1990-02-29", "2000年2月29日",
                          "19900102", "2001:db8::1", "fe80:0:0:0:202:b3ff:fe1e:8329", "zhang wei", "北京市朝阳区建国路88号",
                          "6222 0202 0000 1234 563", "4111-1111-1111-1111", "510105491231002", "A123456(3)", "A123456(7)",
                          "G123456(A)", "A123456789", "A123456788", ""]
        // Random digit strings with spaces and hyphens, most of them invalid for every check.
        for _ in 0..<2_000 {
            let length = Int.random(in: 8...20, using: &generator)
            candidates.append(String((0..<length).map { _ in
                let roll = Int.random(in: 0..<12, using: &generator)
                return roll == 10 ? " " : roll == 11 ? "-" : Character(String(roll))
            }))
        }
        // A digit run too long for any date part is refused, not an arithmetic overflow.
        #expect(!CheckDigits.isPlausibleDate(String(repeating: "9", count: 40)))
        for validator in Validator.allCases {
            for candidate in candidates {
                let viaString = validator.validate(candidate)
                let viaBytes = validator.validate(bytes: Array(candidate.utf8)[...])
                #expect(viaString.passed == viaBytes.passed && viaString.reason == viaBytes.reason, "\(validator) \(candidate)")
            }
        }
    }
}
