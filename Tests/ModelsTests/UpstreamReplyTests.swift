import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Models

/// How a non-streaming reply from a model server is read: the answer and its finish reason, and a
/// clear error (which sends the gateway to the fallback) for anything that is not a completion.
@Suite("Upstream chat replies")
struct UpstreamReplyTests {
    /// A server whose reply body is the request's `model` field, decoded from base64.
    static func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("v1/chat/completions") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
            let reply = Data(base64Encoded: json["model"] as? String ?? "") ?? Data()
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: reply)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func generate(port: Int, reply: [UInt8]) async throws -> GenerationResult {
        let backend = UpstreamChatBackend(configuration: BackendConfiguration(kind: .upstream, url: "http://127.0.0.1:\(port)/v1",
                                                                             model: Data(reply).base64EncodedString(), retries: 0))
        return try await backend.generate(GenerationRequest(messages: [ChatMessage(role: "user", content: "问")], clauses: []))
    }

    @Test("the answer and finish_reason are read; a reply that is not a completion, or not UTF-8, is a malformed-reply error")
    func replies() async throws {
        try await Self.application().test(.live) { client in
            let port = try #require(client.port)
            let good = try await Self.generate(port: port, reply: Array(#"{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"【政策依据】\u300a办法\u300b第一条"},"finish_reason":"length"}]}"#.utf8))
            #expect(good.text == "【政策依据】《办法》第一条" && good.finishReason == "length")
            let noReason = try await Self.generate(port: port, reply: Array(#"{"choices":[{"message":{"content":"答"}}]}"#.utf8))
            #expect(noReason.text == "答" && noReason.finishReason == nil)
            let bad: [[UInt8]] = [Array(#"{"choices":[]}"#.utf8), Array(#"{"choices":[{"message":{"content":null}}]}"#.utf8),
                                  Array("not json".utf8), Array(#"{"choices":[{"message":{"content":"a"#.utf8) + [0xFF] + Array(#""}}]}"#.utf8)]
            for reply in bad {
                await #expect(throws: UpstreamChatError.self, "\(reply)") { _ = try await Self.generate(port: port, reply: reply) }
            }
        }
    }
}
