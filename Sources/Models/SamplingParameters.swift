/// How the client asked the model to sample one answer: the OpenAI chat request fields of the same
/// names, passed on to an upstream model server. A nil field is left to the route's configuration
/// (``BackendConfiguration/temperature``, ``BackendConfiguration/maxTokens``) or to the server.
///
/// The embedded extractive responder has nothing to sample and ignores them.
public struct SamplingParameters: Sendable, Equatable {
    /// `temperature`, 0…2.
    public var temperature: Double?
    /// `top_p`, 0…1.
    public var topP: Double?
    /// `max_completion_tokens` (or the older `max_tokens`): never above the route's `max_tokens`.
    public var maxTokens: Int?
    /// `stop`: up to four sequences, already masked with the exchange's session, so a value the
    /// model only ever sees as `<PHONE_1>` still stops it.
    public var stop: [String]
    /// `seed`, for servers that sample reproducibly.
    public var seed: Int?
    /// `presence_penalty`, −2…2.
    public var presencePenalty: Double?
    /// `frequency_penalty`, −2…2.
    public var frequencyPenalty: Double?

    public init(temperature: Double? = nil, topP: Double? = nil, maxTokens: Int? = nil, stop: [String] = [],
                seed: Int? = nil, presencePenalty: Double? = nil, frequencyPenalty: Double? = nil) {
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stop = stop
        self.seed = seed
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
    }

    /// The fields the client set, as audit details under their OpenAI names. Stop sequences are
    /// counted, not copied: they are the client's text.
    public var auditDetails: [String: String] {
        var details: [String: String] = [:]
        if let temperature { details["temperature"] = "\(temperature)" }
        if let topP { details["top_p"] = "\(topP)" }
        if let maxTokens { details["max_tokens"] = "\(maxTokens)" }
        if !stop.isEmpty { details["stop_sequences"] = "\(stop.count)" }
        if let seed { details["seed"] = "\(seed)" }
        if let presencePenalty { details["presence_penalty"] = "\(presencePenalty)" }
        if let frequencyPenalty { details["frequency_penalty"] = "\(frequencyPenalty)" }
        return details
    }
}
