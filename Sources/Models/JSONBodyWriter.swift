import NIOCore

/// Writes a JSON body straight into a `ByteBuffer`: the upstream chat request and the gateway's
/// own chat completion. The chat request is mostly one long system prompt (the retrieved
/// clauses); `JSONEncoder` spent ~100 µs per request on it, this spends a few: strings are copied
/// run by run and only `"`, `\` and control characters escaped.
public struct JSONBodyWriter {
    /// The JSON written so far.
    public private(set) var buffer: ByteBuffer
    private var needsComma: [Bool] = []

    /// An empty writer whose buffer has room for `capacity` bytes.
    public init(capacity: Int = 4096) {
        buffer = ByteBuffer()
        buffer.reserveCapacity(capacity)
    }

    /// `{ … }`, with `members` writing the keys and values.
    public mutating func object(_ members: (inout JSONBodyWriter) -> Void) {
        container(open: "{", close: "}", members)
    }

    /// `[ … ]`, with `elements` writing the values.
    public mutating func array(_ elements: (inout JSONBodyWriter) -> Void) {
        container(open: "[", close: "]", elements)
    }

    /// `[{ … }, { … }]`: one object per element, its members written by `members`.
    public mutating func objects<Element>(_ elements: [Element], _ members: (inout JSONBodyWriter, Element) -> Void) {
        array { list in
            for element in elements { list.object { members(&$0, element) } }
        }
    }

    private mutating func container(open: Unicode.Scalar, close: Unicode.Scalar, _ content: (inout JSONBodyWriter) -> Void) {
        separate()
        buffer.writeInteger(UInt8(ascii: open))
        needsComma.append(false)
        content(&self)
        needsComma.removeLast()
        buffer.writeInteger(UInt8(ascii: close))
    }

    /// A member's key; the value written next belongs to it.
    public mutating func key(_ name: String) {
        separate()
        writeString(name)
        buffer.writeInteger(UInt8(ascii: ":"))
        pendingValue = true   // the value that follows takes no comma
    }

    public mutating func string(_ value: String) {
        separate()
        writeString(value)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        buffer.writeString(value ? "true" : "false")
    }

    public mutating func integer(_ value: Int) {
        separate()
        buffer.writeString(String(value))
    }

    /// A finite number in Swift's shortest round-trip form (valid JSON); non-finite numbers are `null`.
    public mutating func number(_ value: Double) {
        separate()
        buffer.writeString(value.isFinite ? "\(value)" : "null")
    }

    private var pendingValue = false

    /// A comma before every element but the first of its container; none right after a key.
    private mutating func separate() {
        if pendingValue {
            pendingValue = false
        } else if !needsComma.isEmpty {
            if needsComma[needsComma.count - 1] { buffer.writeInteger(UInt8(ascii: ",")) }
        }
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = true }
    }

    private mutating func writeString(_ value: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte == 0x22 || byte == 0x5C || byte < 0x20 else { continue }
                buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[runStart..<index])))
                switch byte {
                case 0x22: buffer.writeString("\\\"")
                case 0x5C: buffer.writeString("\\\\")
                case 0x0A: buffer.writeString("\\n")
                case 0x0D: buffer.writeString("\\r")
                case 0x09: buffer.writeString("\\t")
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    buffer.writeString("\\u00")
                    buffer.writeInteger(hex[Int(byte >> 4)])
                    buffer.writeInteger(hex[Int(byte & 0x0F)])
                }
                runStart = index + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count])))
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
