/// What a backend's answer stream carries: the answer's text piece by piece, then (if the server
/// says) why the model stopped.
public enum AnswerPart: Sendable, Equatable {
    case text(String)
    /// The server's `finish_reason`: `stop`, `length` (the token limit), …
    case finished(reason: String)
}
