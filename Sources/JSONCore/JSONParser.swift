import Foundation

/// A strict RFC 8259 parser that keeps every value's byte range. It checks UTF-8 as it reads: a
/// string that is not valid UTF-8 is a syntax error at its first bad byte, and a byte of 0x80 or
/// above outside a string is one anyway, so a parsed document is valid UTF-8 throughout and needs no
/// separate pass of ``UTF8Validation`` first. Nesting deeper than ``maximumDepth`` is refused rather
/// than risking the stack on hostile input.
public struct JSONParser {
    public static let maximumDepth = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses exactly one JSON value (surrounding whitespace allowed) from `data`.
    public static func parse(_ data: some ContiguousBytes) throws(JSONSyntaxError) -> JSONNode {
        let result: Result<JSONNode, JSONSyntaxError> = data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            return Result { () throws(JSONSyntaxError) in
                parser.skipWhitespace()
                let node = try parser.value()
                parser.skipWhitespace()
                guard parser.position == parser.bytes.count else {
                    throw parser.error("unexpected \(parser.describeCurrent()) after the end of the value")
                }
                return node
            }
        }
        return try result.get()
    }

    private func error(_ problem: String) -> JSONSyntaxError { JSONSyntaxError(offset: position, problem: problem) }

    /// Throws at the first byte of `raw` (a string's bytes, from offset `start`) that is not UTF-8.
    private func checkUTF8(_ raw: UnsafeBufferPointer<UInt8>, from start: Int) throws(JSONSyntaxError) {
        if let offset = UTF8Validation.firstInvalidOffset(buffer: raw) {
            throw JSONSyntaxError(offset: start + offset, problem: JSONSyntaxError.invalidUTF8Problem)
        }
    }

    private func describeCurrent() -> String {
        guard position < bytes.count else { return "end of input" }
        let byte = bytes[position]
        return byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONNode {
        guard position < bytes.count else { throw error("expected a value, found the end of input") }
        let start = position
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return JSONNode(kind: .string(try string()), range: start..<position)
        case UInt8(ascii: "t"): try literal("true"); return JSONNode(kind: .bool(true), range: start..<position)
        case UInt8(ascii: "f"): try literal("false"); return JSONNode(kind: .bool(false), range: start..<position)
        case UInt8(ascii: "n"): try literal("null"); return JSONNode(kind: .null, range: start..<position)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
            return JSONNode(kind: .number, range: start..<position)
        default:
            throw error("expected a value, found \(describeCurrent())")
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maximumDepth { throw error("nested deeper than \(JSONParser.maximumDepth) levels") }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONNode {
        let start = position
        try enter()
        position += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return JSONNode(kind: .object(members), range: start..<position)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a quoted key, found \(describeCurrent())")
            }
            let key = try string()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw error("expected ':' after key \"\(key)\", found \(describeCurrent())")
            }
            position += 1
            skipWhitespace()
            members.append(JSONMember(key: key, value: try value()))
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated object: expected ',' or '}'") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; break }
            throw error("expected ',' or '}' in object, found \(describeCurrent())")
        }
        depth -= 1
        return JSONNode(kind: .object(members), range: start..<position)
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONNode {
        let start = position
        try enter()
        position += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return JSONNode(kind: .array(elements), range: start..<position)
        }
        while true {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated array: expected ',' or ']'") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; break }
            throw error("expected ',' or ']' in array, found \(describeCurrent())")
        }
        depth -= 1
        return JSONNode(kind: .array(elements), range: start..<position)
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        let matches = position + count <= bytes.count
            && (0..<count).allSatisfy { bytes[position + $0] == word.utf8Start[$0] }
        guard matches else { throw error("expected \(word)") }
        position += count
    }

    private mutating func number() throws(JSONSyntaxError) {
        func digits() -> Int {
            let start = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
            return position - start
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("expected a digit in number") }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
            position = integerStart + 1
            throw error("leading zero in number")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("expected a digit after the decimal point") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("expected a digit in the exponent") }
        }
    }

    /// Reads a string starting at the opening quote; returns it decoded.
    private mutating func string() throws(JSONSyntaxError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                // Checked here, then decoded: `String(validating:as:)` is generic and, unspecialised,
                // looked up type metadata on every call (5% of a scrub).
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
                try checkUTF8(raw, from: start)
                position += 1
                return String(decoding: raw, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("unescaped control character 0x\(String(byte, radix: 16)) in string") }
            position += 1
        }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                // Escapes decode to valid UTF-8; any bad byte is in the raw text between them.
                try checkUTF8(UnsafeBufferPointer(rebasing: bytes[start..<position]), from: start)
                position += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            if byte < 0x20 { throw error("unescaped control character 0x\(String(byte, radix: 16)) in string") }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                position += 1
                continue
            }
            position += 1
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): decoded.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): decoded.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): decoded.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalarValue = try hexQuad()
                if (0xD800...0xDBFF).contains(scalarValue) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate \\u\(String(scalarValue, radix: 16)) in string")
                    }
                    position += 2
                    let low = try hexQuad()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate \\u\(String(scalarValue, radix: 16)) in string") }
                    scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalarValue) {
                    throw error("unpaired surrogate \\u\(String(scalarValue, radix: 16)) in string")
                }
                guard let scalar = Unicode.Scalar(scalarValue) else { throw error("invalid \\u escape") }
                decoded.append(contentsOf: String(scalar).utf8)
            default:
                position -= 1
                throw error("invalid escape \\\(describeCurrent()) in string")
            }
        }
        throw error("unterminated string")
    }

    private mutating func hexQuad() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var result: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("expected a hex digit in \\u escape, found \(describeCurrent())")
            }
            result = result << 4 | digit
            position += 1
        }
        return result
    }
}
