import Foundation
import JSONCore
import Scrubbing
import Testing

@Suite struct JSONParserTests {
    @Test("numbers are read from the bytes they were parsed from, a number at the very end of the input included")
    func numberValues() throws {
        func value(_ json: String) throws -> Double? {
            let bytes = Array(json.utf8)
            let node = try JSONParser.parse(bytes)
            return bytes.withUnsafeBytes { raw in (node.arrayValue?.first ?? node).numberValue(in: raw) }
        }
        #expect(try value("42") == 42)
        #expect(try value("[-1.5e3]") == -1500)
        #expect(try value("[0.000125]") == 0.000125)
        #expect(try value("[1E-2,7]") == 0.01)
        #expect(try value("[\"7\"]") == nil)
        #expect(try value("[" + "1" + String(repeating: "0", count: 80) + "]") == 1e80)
    }

    @Test func keepsByteRangesOfStrings() throws {
        let text = #"{"a": [1, -2.5e3, true, null], "b" : "x\"y\u4e2d\ud83d\ude00", "c": {}}"#
        let node = try JSONParser.parse(Data(text.utf8))
        #expect(node.keys == ["a", "b", "c"])
        let b = try #require(node["b"])
        #expect(b.stringValue == "x\"y中😀")
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[b.range], as: UTF8.self) == #""x\"y\u4e2d\ud83d\ude00""#)
        #expect(node["a"]?.arrayValue?.count == 4)
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, 8, "expected a quoted key"),
        (#"{"a": 01}"#, 7, "leading zero"),
        (#"["x"#, 3, "unterminated string"),
        (#"{"a": "\ud800"}"#, 13, "unpaired surrogate"),
        ("{\"a\": \"tab\there\"}", 10, "unescaped control character"),
        (#"{"a": tru}"#, 6, "expected true"),
        (#"{} {}"#, 3, "after the end of the value"),
    ])
    func reportsWhereAndWhatBroke(input: String, offset: Int, problem: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Data(input.utf8)) }
        do { _ = try JSONParser.parse(Data(input.utf8)) } catch {
            #expect(error.offset == offset, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    @Test func refusesHostileNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONParser.parse(Data(deep.utf8))
            Issue.record("parsed 100,000 levels")
        } catch {
            #expect(error.problem.contains("nested deeper than"))
        }
    }

    @Test("Invalid UTF-8 inside a string, with or without escapes, is an error at its first bad byte; outside a string it is bad JSON")
    func checksUTF8AsItReads() {
        func failure(_ bytes: [UInt8]) -> JSONSyntaxError? {
            do { _ = try JSONParser.parse(bytes); return nil } catch { return error }
        }
        let plain = Array("{\"k\": \"好".utf8) + [0xE5, 0xA5] + Array(#"x"}"#.utf8)   // 好 then a cut-short 好
        #expect(failure(plain) == JSONSyntaxError(offset: 10, problem: JSONSyntaxError.invalidUTF8Problem))
        let escaped = Array(#"["a\n"#.utf8) + [0xC0, 0xAF] + Array(#""]"#.utf8)         // overlong '/' after an escape
        #expect(failure(escaped) == JSONSyntaxError(offset: 5, problem: JSONSyntaxError.invalidUTF8Problem))
        let outside: [UInt8] = [0x5B, 0xFF, 0x5D]
        #expect(failure(outside)?.offset == 1 && failure(outside)?.problem != JSONSyntaxError.invalidUTF8Problem)
        #expect(failure(Array(#"{"好": "中文 ok"}"#.utf8)) == nil)
    }

    @Test func findsTheFirstInvalidUTF8Byte() {
        #expect(UTF8Validation.firstInvalidOffset(Array("好的 ok".utf8)) == nil)
        #expect(UTF8Validation.firstInvalidOffset([0x61, 0x62, 0xFF, 0x63]) == 2)
        #expect(UTF8Validation.firstInvalidOffset([0x61, 0xC0, 0xAF]) == 1)             // overlong '/'
        #expect(UTF8Validation.firstInvalidOffset([0xED, 0xA0, 0x80]) == 0)             // UTF-16 surrogate
        #expect(UTF8Validation.firstInvalidOffset(Array("中".utf8).dropLast()) == 0)    // cut short
    }
}
