import Foundation
@testable import Gateway
import Models
import NIOCore
import Testing

@Suite("Chat completion response body")
struct ChatCompletionResponseTests {
    static let hostile = ["", "plain", "【政策依据】《规定》第三条\n【简明解释】可以。", "引号\"与反斜杠\\", "控制\u{0}\u{1F}字符\t\r",
                          "emoji 😀 and 𠀀", "</script>", "\u{7F}\u{2028}\u{2029}", String(repeating: "长", count: 5000)]

    @Test("The written body decodes to the same response, members in JSONEncoder's order, for strings needing every escape")
    func roundTrips() throws {
        for (number, text) in Self.hostile.enumerated() {
            let response = ChatCompletionResponse(
                id: "chatcmpl-\(text)", created: 1_700_000_000 + number, model: "cs\(text)",
                choices: [.init(index: 0, message: ChatMessage(role: "assistant", content: text), finish_reason: "stop"),
                          .init(index: 1, message: ChatMessage(role: "assistant\(text)", content: text + text), finish_reason: "length")],
                usage: .init(prompt_tokens: number, completion_tokens: 2 * number, total_tokens: 3 * number))
            let body = Data(response.jsonBody.readableBytesView)
            let decoded = try JSONDecoder().decode(ChatCompletionResponse.self, from: body)
            #expect(decoded.id == response.id)
            #expect(decoded.object == "chat.completion")
            #expect(decoded.created == response.created)
            #expect(decoded.model == response.model)
            #expect(decoded.choices.map(\.message) == response.choices.map(\.message))
            #expect(decoded.choices.map(\.index) == [0, 1] && decoded.choices.map(\.finish_reason) == ["stop", "length"])
            let usage: [Int] = [decoded.usage.prompt_tokens, decoded.usage.completion_tokens, decoded.usage.total_tokens]
            #expect(usage == [number, 2 * number, 3 * number])
            let keys = String(decoding: body, as: UTF8.self)
            let order = ["\"id\"", "\"object\"", "\"created\"", "\"model\"", "\"choices\"", "\"usage\""].compactMap { keys.range(of: $0)?.lowerBound }
            #expect(order.count == 6 && order == order.sorted(), "members in declaration order")
        }
    }
}
