import Foundation
import NIOCore
import Testing
@testable import Models

@Suite("Chat request body")
struct JSONBodyWriterTests {
    /// Strings that need every kind of escaping, and some that need none.
    static let hostile = ["", "plain", "引号\"与反斜杠\\", "换行\n回车\r制表\t", "控制\u{0}\u{1}\u{8}\u{C}\u{1F}字符",
                          "emoji 😀 and 𠀀", "</script>", "\u{7F}\u{2028}\u{2029}", String(repeating: "长", count: 5000)]

    @Test("Decodes to the same request JSONEncoder's output decodes to, for strings needing every escape")
    func sameAsEncoder() throws {
        for (number, text) in Self.hostile.enumerated() {
            let body = UpstreamChatBackend.RequestBody(
                model: number % 2 == 0 ? "m\(text)" : nil,
                messages: [.init(role: "system", content: text), .init(role: "user", content: text + "?")],
                stream: number % 3 == 0,
                lora: number % 2 == 1 ? [.init(id: number, scale: 0.25 * Double(number))] : nil,
                temperature: number % 4 == 0 ? 0.1 * Double(number) : nil,
                max_tokens: number % 5 == 0 ? 100 + number : nil)
            let written = Data(body.json().readableBytesView)
            let encoded = try JSONEncoder().encode(body)
            let fromWriter = try JSONSerialization.jsonObject(with: written) as? NSDictionary
            let fromEncoder = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
            #expect(fromWriter != nil)
            #expect(fromWriter == fromEncoder, "case \(number)")
            #expect(try JSONDecoder().decode(Echo.self, from: written).messages.first?.content == text)
        }
    }

    private struct Echo: Decodable {
        var messages: [UpstreamChatBackend.RequestBody.Message]
    }
}
