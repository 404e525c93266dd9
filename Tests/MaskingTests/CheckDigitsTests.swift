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
}
