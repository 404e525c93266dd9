import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `text/event-stream` in OpenAI's chunk format: `data: {chat.completion.chunk}` per piece, a last
/// chunk with `finish_reason`, the usage chunk when asked for, then `data: [DONE]`. A stream that
/// must stop sends `data: {"error": {…}}` and `data: [DONE]`, so SDKs raise an API error rather
/// than see a cut connection.
enum SSEStream {
    static func response(for exchange: StreamingExchange, model: String, includeUsage: Bool, logger: Logger) -> Response {
        let id = "chatcmpl-" + exchange.auditID
        let created = Int(Date().timeIntervalSince1970)
        let promptCharacters = exchange.promptCharacters
        let body = ResponseBody { writer in
            try await writer.write(frame(chunk(id: id, created: created, model: model, delta: ["role": "assistant", "content": ""], finish: nil)))
            let (events, continuation) = AsyncStream<StreamEvent>.makeStream()
            // The exchange runs to its end (and audits) even if the client goes away; writes that fail
            // tell it the client is gone.
            let writerBox = WriterBox(writer: writer)
            await exchange.run { event in
                switch event {
                case let .content(text):
                    try await writerBox.write(frame(chunk(id: id, created: created, model: model, delta: ["content": text], finish: nil)))
                case .error, .finished:
                    continuation.yield(event)
                }
            }
            continuation.finish()
            var writer = writerBox.writer
            for await event in events {
                switch event {
                case let .error(error):
                    logger.info("stream ended with an error", metadata: ["audit_id": .string(exchange.auditID), "code": .string(error.error.code)])
                    try await writer.write(frame(json(["error": ["message": error.error.message, "type": error.error.type, "code": error.error.code, "param": NSNull()]])))
                case let .finished(completionCharacters, finishReason):
                    try await writer.write(frame(chunk(id: id, created: created, model: model, delta: [:], finish: finishReason)))
                    if includeUsage {
                        var usage = baseChunk(id: id, created: created, model: model)
                        usage["choices"] = [Any]()
                        usage["usage"] = ["prompt_tokens": promptCharacters, "completion_tokens": completionCharacters,
                                          "total_tokens": promptCharacters + completionCharacters]
                        try await writer.write(frame(json(usage)))
                    }
                case .content:
                    break
                }
            }
            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
                                               GatewayServer.auditIDHeader: exchange.auditID], body: body)
    }

    /// Lets the exchange's send closure write through the response writer it does not own.
    final class WriterBox: @unchecked Sendable {
        var writer: any ResponseBodyWriter
        init(writer: any ResponseBodyWriter) { self.writer = writer }
        func write(_ buffer: ByteBuffer) async throws { try await writer.write(buffer) }
    }

    static func baseChunk(id: String, created: Int, model: String) -> [String: Any] {
        ["id": id, "object": "chat.completion.chunk", "created": created, "model": model]
    }

    static func chunk(id: String, created: Int, model: String, delta: [String: String], finish: String?) -> Data {
        var object = baseChunk(id: id, created: created, model: model)
        object["choices"] = [["index": 0, "delta": delta, "finish_reason": finish.map { $0 as Any } ?? NSNull()]]
        return json(object)
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    static func frame(_ payload: Data) -> ByteBuffer {
        var buffer = ByteBuffer(string: "data: ")
        buffer.writeBytes(payload)
        buffer.writeString("\n\n")
        return buffer
    }
}
