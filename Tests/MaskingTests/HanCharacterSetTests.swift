import Testing
@testable import Masking

@Suite("Character sets")
struct HanCharacterSetTests {
    @Test("Han, ASCII and other characters are members exactly when inserted")
    func membership() {
        let set = HanCharacterSet(Array("王李:A~，。𠀀".unicodeScalars))
        for member in "王李:A~，。𠀀".unicodeScalars { #expect(set.contains(member.value), "\(member)") }
        for other in "张赵;a}、．𠀁\u{0}\u{7F}".unicodeScalars { #expect(!set.contains(other.value), "\(other)") }
        #expect(!HanCharacterSet(Array("王".unicodeScalars)).contains(UInt32(0x3A)))
    }
}
