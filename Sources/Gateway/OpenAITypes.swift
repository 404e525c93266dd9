import Foundation
import Models
import NIOCore

/// `POST /v1/chat/completions` response body, non-streaming.
public struct ChatCompletionResponse: Sendable, Codable {
    public struct Choice: Sendable, Codable {
        public var index: Int
        public var message: ChatMessage
        public var finish_reason: String
    }

    public struct Usage: Sendable, Codable {
        public var prompt_tokens: Int
        public var completion_tokens: Int
        public var total_tokens: Int
    }

    public var id: String
    public var object = "chat.completion"
    public var created: Int
    public var model: String
    public var choices: [Choice]
    public var usage: Usage

    /// The response as JSON, written directly (the same members and order `JSONEncoder` gives;
    /// it cost ~30 µs per request to encode this with it).
    public var jsonBody: ByteBuffer {
        var writer = JSONBodyWriter(capacity: 256 + choices.reduce(0) { $0 + $1.message.content.utf8.count + 64 })
        writer.object { response in
            response.key("id"); response.string(id)
            response.key("object"); response.string(object)
            response.key("created"); response.integer(created)
            response.key("model"); response.string(model)
            response.key("choices")
            response.objects(choices) { choice, element in
                choice.key("index"); choice.integer(element.index)
                choice.key("message")
                choice.object { message in
                    message.key("role"); message.string(element.message.role)
                    message.key("content"); message.string(element.message.content)
                }
                choice.key("finish_reason"); choice.string(element.finish_reason)
            }
            response.key("usage")
            response.object { usage in
                usage.key("prompt_tokens"); usage.integer(self.usage.prompt_tokens)
                usage.key("completion_tokens"); usage.integer(self.usage.completion_tokens)
                usage.key("total_tokens"); usage.integer(self.usage.total_tokens)
            }
        }
        return writer.buffer
    }
}

/// `GET /v1/models` response body.
public struct ModelList: Sendable, Codable {
    public struct Model: Sendable, Codable {
        public var id: String
        public var object = "model"
        public var created: Int
        public var owned_by = "hegui"
    }

    public var object = "list"
    public var data: [Model]
}

/// An error in OpenAI's shape: `{"error": {"message", "type", "param", "code"}}`, so SDKs raise
/// their usual exceptions with Hegui's specific `code`.
public struct OpenAIError: Error, Sendable, Codable {
    public struct Body: Sendable, Codable {
        public var message: String
        public var type: String
        public var param: String?
        public var code: String
    }

    public var error: Body
    /// HTTP status to answer with (not serialised).
    public var httpStatus: Int = 400
    /// The audit entry recording the refusal, sent as the `Hegui-Audit-Id` header (not serialised).
    public var auditID: String?
    /// Seconds to wait before retrying, sent as `Retry-After` with a 429 (not serialised).
    public var retryAfter: Int?

    enum CodingKeys: String, CodingKey { case error }

    public init(status: Int, type: String, code: String, message: String, param: String? = nil) {
        self.httpStatus = status
        self.error = Body(message: message, type: type, param: param, code: code)
    }

    public static func invalidRequest(_ code: String, _ message: String, param: String? = nil) -> OpenAIError {
        OpenAIError(status: 400, type: "invalid_request_error", code: code, message: message, param: param)
    }
}
