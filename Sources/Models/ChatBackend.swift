import Retrieval

/// What a backend is asked: the masked conversation and the clauses retrieved for it.
public struct GenerationRequest: Sendable {
    public var messages: [ChatMessage]
    public var clauses: [RetrievalHit]
    /// The client's sampling settings (temperature, max tokens, stop sequences…).
    public var sampling: SamplingParameters

    public init(messages: [ChatMessage], clauses: [RetrievalHit], sampling: SamplingParameters = SamplingParameters()) {
        self.messages = messages
        self.clauses = clauses
        self.sampling = sampling
    }
}

/// What a backend answered.
public struct GenerationResult: Sendable, Equatable {
    public var text: String
    /// The backend's id, recorded in the audit entry (e.g. `extractive`).
    public var backend: String
    /// Model name reported to the client.
    public var model: String
    /// Why the model stopped, as the server said (`stop`, `length`…); nil when it did not say.
    public var finishReason: String?

    public init(text: String, backend: String, model: String, finishReason: String? = nil) {
        self.text = text
        self.backend = backend
        self.model = model
        self.finishReason = finishReason
    }
}

/// Something that turns a masked conversation plus retrieved clauses into an answer: the embedded
/// extractive responder, or an OpenAI-compatible upstream serving a LoRA-adapted model.
public protocol ChatBackend: Sendable {
    /// Recorded in audit entries: `extractive`, `upstream:Qwen2.5-7B-Instruct`.
    var id: String { get }
    /// The LoRA adapter and its configured version (`cs-lora@2026-11-01`), if any.
    var adapter: String? { get }
    func generate(_ request: GenerationRequest) async throws -> GenerationResult
    /// The answer as it is produced, piece by piece, then the finish reason when there is one.
    func stream(_ request: GenerationRequest) async throws -> AsyncThrowingStream<AnswerPart, any Error>
}

extension ChatBackend {
    public var adapter: String? { nil }

    /// For backends that answer all at once: the whole answer, in pieces of a few characters, as a
    /// model server would send them.
    public func stream(_ request: GenerationRequest) async throws -> AsyncThrowingStream<AnswerPart, any Error> {
        let result = try await generate(request)
        return AsyncThrowingStream { continuation in
            var rest = Substring(result.text)
            while !rest.isEmpty {
                continuation.yield(.text(String(rest.prefix(8))))
                rest = rest.dropFirst(8)
            }
            if let reason = result.finishReason { continuation.yield(.finished(reason: reason)) }
            continuation.finish()
        }
    }
}
