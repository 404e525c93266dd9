import Retrieval

/// What a backend is asked: the masked conversation and the clauses retrieved for it.
public struct GenerationRequest: Sendable {
    public var messages: [ChatMessage]
    public var clauses: [RetrievalHit]

    public init(messages: [ChatMessage], clauses: [RetrievalHit]) {
        self.messages = messages
        self.clauses = clauses
    }
}

/// What a backend answered.
public struct GenerationResult: Sendable, Equatable {
    public var text: String
    /// The backend's id, recorded in the audit entry (e.g. `extractive`).
    public var backend: String
    /// Model name reported to the client.
    public var model: String

    public init(text: String, backend: String, model: String) {
        self.text = text
        self.backend = backend
        self.model = model
    }
}

/// Something that turns a masked conversation plus retrieved clauses into an answer: the embedded
/// extractive responder, or (later) an OpenAI-compatible upstream serving a LoRA-adapted model.
public protocol ChatBackend: Sendable {
    var id: String { get }
    func generate(_ request: GenerationRequest) async throws -> GenerationResult
}
