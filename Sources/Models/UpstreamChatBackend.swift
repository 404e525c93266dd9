import Foundation
import JSONCore
import NIOCore
import NIOHTTP1
import Retrieval

/// An OpenAI-compatible model server (vLLM, llama.cpp's server, TGI…) serving a base model with an
/// optional LoRA adapter. It receives only masked text: the route's prompt template with the
/// retrieved clauses as the system message, then the masked conversation.
///
/// Connection errors and 5xx answers are retried with exponential backoff (100 ms, 200 ms, …) up to
/// `retries` times; a stream is retried only before its first byte has been passed on.
public struct UpstreamChatBackend: ChatBackend {
    public let configuration: BackendConfiguration
    public let template: PromptTemplate
    private let apiKey: String?
    private let client: UpstreamHTTPClient

    public var id: String { "upstream:\(configuration.model ?? "")" }
    public var adapter: String? { configuration.adapter?.label }

    public init(configuration: BackendConfiguration, template: PromptTemplate = .standard, client: UpstreamHTTPClient = UpstreamHTTPClient()) {
        self.configuration = configuration
        self.template = template
        self.client = client
        apiKey = configuration.apiKeyEnvironment.flatMap { ProcessInfo.processInfo.environment[$0] }
    }

    private var baseURL: String {
        let url = configuration.url ?? ""
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// What is posted to `/chat/completions`; nil fields are left out.
    struct RequestBody: Encodable, Equatable {
        struct Message: Encodable, Equatable, Decodable {
            var role: String
            var content: String
        }
        struct LoRA: Encodable, Equatable, Decodable {
            var id: Int
            var scale: Double
        }
        var model: String?
        var messages: [Message]
        var stream: Bool
        var lora: [LoRA]?
        var temperature: Double?
        var top_p: Double?
        var max_tokens: Int?
        var stop: [String]?
        var seed: Int?
        var presence_penalty: Double?
        var frequency_penalty: Double?

        /// The same JSON `JSONEncoder` would write, without its per-character cost on the prompt.
        func json() -> ByteBuffer {
            var writer = JSONBodyWriter()
            writer.object { body in
                if let model { body.key("model"); body.string(model) }
                body.key("messages")
                body.objects(messages) { item, message in
                    item.key("role"); item.string(message.role)
                    item.key("content"); item.string(message.content)
                }
                body.key("stream"); body.bool(stream)
                if let lora {
                    body.key("lora")
                    body.objects(lora) { item, adapter in
                        item.key("id"); item.integer(adapter.id)
                        item.key("scale"); item.number(adapter.scale)
                    }
                }
                if let temperature { body.key("temperature"); body.number(temperature) }
                if let top_p { body.key("top_p"); body.number(top_p) }
                if let max_tokens { body.key("max_tokens"); body.integer(max_tokens) }
                if let stop {
                    body.key("stop")
                    body.array { list in for sequence in stop { list.string(sequence) } }
                }
                if let seed { body.key("seed"); body.integer(seed) }
                if let presence_penalty { body.key("presence_penalty"); body.number(presence_penalty) }
                if let frequency_penalty { body.key("frequency_penalty"); body.number(frequency_penalty) }
            }
            return writer.buffer
        }
    }

    /// The request body: the adapter as `model` (vLLM) or in `lora` (llama.cpp); the client's
    /// sampling settings over the route's defaults, with the route's `max_tokens` as a ceiling.
    func body(for request: GenerationRequest, stream: Bool) throws -> ByteBuffer {
        var messages = [RequestBody.Message(role: "system", content: template.render(clauses: request.clauses))]
        messages += request.messages.filter { $0.role != "system" }.map { RequestBody.Message(role: $0.role, content: $0.content) }
        let sampling = request.sampling
        var body = RequestBody(messages: messages, stream: stream,
                               temperature: sampling.temperature ?? configuration.temperature, top_p: sampling.topP,
                               max_tokens: [sampling.maxTokens, configuration.maxTokens].compactMap { $0 }.min(),
                               stop: sampling.stop.isEmpty ? nil : sampling.stop, seed: sampling.seed,
                               presence_penalty: sampling.presencePenalty, frequency_penalty: sampling.frequencyPenalty)
        switch configuration.adapter?.style {
        case .vllm: body.model = configuration.adapter?.name
        case .llamacpp:
            body.model = configuration.model
            if let adapter = configuration.adapter { body.lora = [RequestBody.LoRA(id: adapter.id, scale: adapter.scale)] }
        case nil: body.model = configuration.model
        }
        return body.json()
    }

    private var headers: [(String, String)] {
        var headers = [("Content-Type", "application/json")]
        if let apiKey { headers.append(("Authorization", "Bearer \(apiKey)")) }
        return headers
    }

    private var timeout: TimeAmount { .milliseconds(Int64(configuration.timeoutSeconds * 1000)) }

    public func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        let body = try body(for: request, stream: false)
        let response = try await withRetries { () async throws -> UpstreamHTTPClient.Response in
            let response = try await client.post(baseURL + "/chat/completions", headers: headers, body: body, timeout: timeout)
            if response.status.code >= 500 { throw UpstreamChatError.status(Int(response.status.code), String(buffer: response.body).prefix(200).description) }
            return response
        }
        guard response.status == .ok else {
            throw UpstreamChatError.status(Int(response.status.code), String(buffer: response.body).prefix(200).description)
        }
        // JSONParser, not JSONDecoder: ~5 µs instead of ~30–60 µs per reply.
        // The parser checks UTF-8 as it reads: a reply that is not UTF-8 does not parse.
        let reply = response.body.withUnsafeReadableBytes { try? JSONParser.parse($0) }
        let choice = reply?["choices"]?.arrayValue?.first
        guard let content = choice?["message"]?["content"]?.stringValue else {
            throw UpstreamChatError.malformed("no choices[0].message.content in the reply")
        }
        return GenerationResult(text: content, backend: id, model: configuration.adapter?.name ?? configuration.model ?? "",
                                finishReason: choice?["finish_reason"]?.stringValue)
    }

    public func stream(_ request: GenerationRequest) async throws -> AsyncThrowingStream<AnswerPart, any Error> {
        let body = try body(for: request, stream: true)
        let response = try await withRetries { () async throws -> UpstreamHTTPClient.StreamingResponse in
            let response = try await client.streamingPost(baseURL + "/chat/completions", headers: headers, body: body, timeout: timeout)
            if response.status.code >= 500 { throw UpstreamChatError.status(Int(response.status.code), "") }
            return response
        }
        guard response.status == .ok else { throw UpstreamChatError.status(Int(response.status.code), "") }
        let (stream, continuation) = AsyncThrowingStream<AnswerPart, any Error>.makeStream()
        let task = Task {
            var parser = ServerSentEventParser()
            do {
                for try await part in response.body {
                    for event in parser.feed(part.readableBytesView) {
                        if event == "[DONE]" { continuation.finish(); return }
                        guard let chunk = StreamChunk(json: event) else {
                            throw UpstreamChatError.malformed("an event that is not a JSON object")
                        }
                        if let error = chunk.error { throw UpstreamChatError.malformed("the server sent an error: \(error)") }
                        if let content = chunk.content, !content.isEmpty { continuation.yield(.text(content)) }
                        if let reason = chunk.finishReason { continuation.yield(.finished(reason: reason)) }
                    }
                }
                throw UpstreamChatError.malformed("the stream ended without data: [DONE]")
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// One streamed chunk: the text of `choices[0].delta.content` and `choices[0].finish_reason`,
    /// or the server's `error`. Read leniently (a chunk with other fields or odd choices is just no
    /// text); it must be a JSON object. Read with `JSONParser`, once per token: `JSONSerialization`
    /// and then `JSONDecoder` each cost several times more.
    struct StreamChunk {
        var content: String?
        /// `choices[0].finish_reason`, in the last chunk of an answer.
        var finishReason: String?
        /// The `error` member as text, when there is one.
        var error: String?

        /// Nil when `json` is not a JSON object.
        init?(json: String) {
            var json = json
            guard let node = json.withUTF8({ try? JSONParser.parse(UnsafeRawBufferPointer($0)) }), case .object = node.kind else { return nil }
            let choice = node["choices"]?.arrayValue?.first
            content = choice?["delta"]?["content"]?.stringValue
            finishReason = choice?["finish_reason"]?.stringValue
            if let error = node["error"] {
                self.error = error["message"]?.stringValue ?? error.stringValue ?? "an error without a message"
            }
        }
    }

    /// Runs `attempt`, retrying connection failures and 5xx answers with exponential backoff.
    private func withRetries<T>(_ attempt: () async throws -> T) async throws -> T {
        var failures = 0
        while true {
            do {
                return try await attempt()
            } catch let error where UpstreamChatBackend.isRetryable(error) && failures < configuration.retries {
                failures += 1
                try await Task.sleep(for: .milliseconds(100 << (failures - 1)))
            }
        }
    }

    static func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case UpstreamHTTPError.connect, UpstreamHTTPError.closedEarly: true
        case let UpstreamChatError.status(code, _): code >= 500
        default: false
        }
    }
}

/// Why an upstream model did not answer.
public enum UpstreamChatError: Error, CustomStringConvertible {
    case status(Int, String)
    case malformed(String)

    public var description: String {
        switch self {
        case let .status(code, body): "the model server answered HTTP \(code)\(body.isEmpty ? "" : ": \(body)")"
        case let .malformed(problem): "the model server's reply is not an OpenAI chat completion: \(problem)"
        }
    }
}
