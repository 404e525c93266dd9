import Foundation
import Testing
@testable import Models

@Suite("Streamed chat chunks")
struct StreamChunkTests {
    struct NotAnObject: Error {}

    func chunk(_ json: String) throws -> UpstreamChatBackend.StreamChunk {
        guard let chunk = UpstreamChatBackend.StreamChunk(json: json) else { throw NotAnObject() }
        return chunk
    }

    @Test("Text from choices[0].delta.content; role-only and odd chunks carry none; an error member is reported")
    func reading() throws {
        #expect(try chunk(#"{"id":"x","choices":[{"index":0,"delta":{"content":"【政策\n依据】"}}]}"#).content == "【政策\n依据】")
        #expect(try chunk(#"{"choices":[{"delta":{"role":"assistant"}}]}"#).content == nil)
        #expect(try chunk(#"{"choices":[{"delta":{},"finish_reason":"length"}]}"#).finishReason == "length")
        #expect(try chunk(#"{"choices":[{"delta":{"content":"x"},"finish_reason":null}]}"#).finishReason == nil)
        #expect(try chunk(#"{"choices":{"unexpected":true}}"#).content == nil)
        #expect(try chunk(#"{"choices":[]}"#).error == nil)
        #expect(try chunk(#"{"error":{"message":"overloaded","code":503}}"#).error == "overloaded")
        #expect(try chunk(#"{"error":"boom"}"#).error == "boom")
        #expect(try chunk(#"{"error":{"code":1}}"#).error == "an error without a message")
        #expect(throws: (any Error).self) { try chunk(#"[1, 2]"#) }
        #expect(throws: (any Error).self) { try chunk("not json") }
    }
}
