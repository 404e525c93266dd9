import Models

/// `POST /v1/chat/completions` request body: the fields Hegui acts on, and the ones it must refuse
/// rather than silently drop.
///
/// Sampling fields go to the route's model server (``sampling()``). Features whose output
/// could not be checked or masked (tool calls, JSON mode, log-probabilities, audio, several choices)
/// are refused with a 400 naming the field: a bot that asked for them would otherwise get something
/// else than it asked for without knowing. Fields with no effect here (`user`, `metadata`, `store`,
/// `service_tier`…) are accepted and ignored.
public struct ChatCompletionRequest: Sendable {
    /// The route to use; `GET /v1/models` lists the ones a key may use.
    public var model: String
    public var messages: [ChatMessage]
    public var stream: Bool?
    public var stream_options: StreamOptions?
    public var user: String?

    public var temperature: Double?
    public var top_p: Double?
    public var max_tokens: Int?
    public var max_completion_tokens: Int?
    public var stop: StopSequences?
    public var seed: Int?
    public var presence_penalty: Double?
    public var frequency_penalty: Double?

    public var n: Int?
    public var logprobs: Bool?
    public var top_logprobs: Int?
    public var tools: JSONValue?
    public var functions: JSONValue?
    public var tool_choice: JSONValue?
    public var function_call: JSONValue?
    public var response_format: JSONValue?
    public var logit_bias: JSONValue?
    public var modalities: [String]?
    public var audio: JSONValue?
    public var prediction: JSONValue?
    public var web_search_options: JSONValue?

    public struct StreamOptions: Sendable {
        public var include_usage: Bool?
    }

    /// `stop`: one string or a list of them.
    public struct StopSequences: Sendable {
        public var sequences: [String]
    }

    /// Reads a request body (valid UTF-8). Errors name the field: `invalid_json`, `missing_field`,
    /// `invalid_field` (a wrong type, a `null` where a value is needed, a content part that is not
    /// text).
    public init(json bytes: [UInt8]) throws(OpenAIError) {
        let body = try JSONFieldReader.body(bytes)
        model = try JSONFieldReader.string(try body.required("model"), path: "model")
        let messageNodes = try body.required("messages")
        guard case let .array(elements) = messageNodes.kind else {
            throw JSONFieldReader.wrongType("messages", expected: "an array", messageNodes)
        }
        var messages: [ChatMessage] = []
        messages.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            messages.append(try ChatCompletionRequest.message(JSONFieldReader(element, bytes: bytes, path: "messages[\(index)]")))
        }
        self.messages = messages
        stream = try body.bool("stream")
        stream_options = try body.object("stream_options").map { options throws(OpenAIError) in
            StreamOptions(include_usage: try options.bool("include_usage"))
        }
        user = try body.string("user")
        temperature = try body.double("temperature")
        top_p = try body.double("top_p")
        max_tokens = try body.integer("max_tokens")
        max_completion_tokens = try body.integer("max_completion_tokens")
        if let stop = body.node("stop") {
            switch stop.kind {
            case let .string(one):
                self.stop = StopSequences(sequences: [one])
            case let .array(elements):
                var sequences: [String] = []
                for (index, element) in elements.enumerated() { sequences.append(try JSONFieldReader.string(element, path: "stop[\(index)]")) }
                self.stop = StopSequences(sequences: sequences)
            default:
                throw JSONFieldReader.wrongType("stop", expected: "a string or an array of strings", stop)
            }
        }
        seed = try body.integer("seed")
        presence_penalty = try body.double("presence_penalty")
        frequency_penalty = try body.double("frequency_penalty")
        n = try body.integer("n")
        logprobs = try body.bool("logprobs")
        top_logprobs = try body.integer("top_logprobs")
        tools = body.value("tools")
        functions = body.value("functions")
        tool_choice = body.value("tool_choice")
        function_call = body.value("function_call")
        response_format = body.value("response_format")
        logit_bias = body.value("logit_bias")
        if let list = try body.array("modalities") {
            var modalities: [String] = []
            for (index, element) in list.enumerated() { modalities.append(try JSONFieldReader.string(element, path: "modalities[\(index)]")) }
            self.modalities = modalities
        }
        audio = body.value("audio")
        prediction = body.value("prediction")
        web_search_options = body.value("web_search_options")
    }

    /// One message: `content` as a string; as content parts, whose `text` parts are joined with
    /// line feeds (LangChain and the SDKs' typed helpers send this); or `null` (an assistant turn
    /// that only called tools), read as empty. A part of any other type (an image, audio, a file)
    /// is refused: Hegui can only mask text, and a part it cannot check must not reach the model.
    static func message(_ fields: JSONFieldReader) throws(OpenAIError) -> ChatMessage {
        let role = try JSONFieldReader.string(try fields.required("role"), path: fields.fieldPath("role"))
        guard fields.contains("content") else {
            throw .invalidRequest("missing_field", "missing field '\(fields.fieldPath("content"))'", param: fields.fieldPath("content"))
        }
        guard let content = fields.node("content") else { return ChatMessage(role: role, content: "") }
        switch content.kind {
        case let .string(text):
            return ChatMessage(role: role, content: text)
        case let .array(parts):
            var texts: [String] = []
            for (index, part) in parts.enumerated() {
                let part = try JSONFieldReader(part, bytes: fields.bytes, path: fields.fieldPath("content") + "[\(index)]")
                let type = try JSONFieldReader.string(try part.required("type"), path: part.fieldPath("type"))
                guard type == "text" else {
                    throw .invalidRequest("invalid_field", "field '\(part.path)' has the wrong type: a content part of type '\(type)' cannot be checked (Hegui masks text only); send text parts or a string",
                                          param: part.path)
                }
                texts.append(try JSONFieldReader.string(try part.required("text"), path: part.fieldPath("text")))
            }
            return ChatMessage(role: role, content: texts.joined(separator: "\n"))
        default:
            throw JSONFieldReader.wrongType(fields.fieldPath("content"), expected: "a string or an array of content parts", content)
        }
    }

    /// Throws a 400 naming the first field asking for something Hegui does not do.
    public func refuseUnsupportedFeatures() throws(OpenAIError) {
        func unsupported(_ field: String, _ why: String) -> OpenAIError {
            .invalidRequest("unsupported_parameter", "'\(field)' is not supported by this gateway: \(why)", param: field)
        }
        let toolsWhy = "answers must be text in the 【政策依据】/【简明解释】 form so they can be checked; tool calls cannot be"
        if let n, n != 1 {
            throw unsupported("n", "each request gets one checked and audited answer; send n=1 or leave it out")
        }
        if tools?.isEmptyOrNull == false { throw unsupported("tools", toolsWhy) }
        if functions?.isEmptyOrNull == false { throw unsupported("functions", toolsWhy) }
        if let tool_choice, !tool_choice.isEmptyOrNull, tool_choice != .string("none") { throw unsupported("tool_choice", toolsWhy) }
        if let function_call, !function_call.isEmptyOrNull, function_call != .string("none") { throw unsupported("function_call", toolsWhy) }
        if let response_format, !response_format.isEmptyOrNull, response_format["type"] != .string("text") {
            throw unsupported("response_format", "answers have a fixed two-section text form; only {\"type\": \"text\"} is accepted")
        }
        if logprobs == true || (top_logprobs ?? 0) > 0 {
            throw unsupported(logprobs == true ? "logprobs" : "top_logprobs",
                              "token log-probabilities would carry the model's text before it is checked and masked")
        }
        if logit_bias?.isEmptyOrNull == false {
            throw unsupported("logit_bias", "token ids depend on the route's model; set sampling in the route's configuration instead")
        }
        if let other = modalities?.first(where: { $0 != "text" }) {
            throw unsupported("modalities", "only text answers are produced (got '\(other)')")
        }
        if audio?.isEmptyOrNull == false { throw unsupported("audio", "only text answers are produced") }
        if prediction?.isEmptyOrNull == false { throw unsupported("prediction", "predicted outputs would bypass the answer checks") }
        if web_search_options?.isEmptyOrNull == false {
            throw unsupported("web_search_options", "answers cite only the regulations retrieved from this gateway's index")
        }
    }

    /// The sampling fields, checked against OpenAI's ranges. Stop sequences are as the client sent
    /// them: the pipeline masks them with the exchange's session before anything goes upstream.
    public func sampling() throws(OpenAIError) -> SamplingParameters {
        func check(_ value: Double?, _ field: String, _ range: ClosedRange<Double>) throws(OpenAIError) {
            guard let value else { return }
            guard value.isFinite, range.contains(value) else {
                throw .invalidRequest("invalid_value", "'\(field)' must be between \(range.lowerBound) and \(range.upperBound) (got \(value))", param: field)
            }
        }
        try check(temperature, "temperature", 0...2)
        try check(top_p, "top_p", 0...1)
        try check(presence_penalty, "presence_penalty", -2...2)
        try check(frequency_penalty, "frequency_penalty", -2...2)
        for (field, value) in [("max_tokens", max_tokens), ("max_completion_tokens", max_completion_tokens)] {
            if let value, value < 1 {
                throw .invalidRequest("invalid_value", "'\(field)' must be at least 1 (got \(value))", param: field)
            }
        }
        if let max_tokens, let max_completion_tokens, max_tokens != max_completion_tokens {
            throw .invalidRequest("invalid_value", "'max_tokens' (\(max_tokens)) and 'max_completion_tokens' (\(max_completion_tokens)) disagree; send only max_completion_tokens",
                                  param: "max_tokens")
        }
        let sequences = stop?.sequences ?? []
        guard sequences.count <= 4 else {
            throw .invalidRequest("invalid_value", "'stop' holds at most 4 sequences (got \(sequences.count))", param: "stop")
        }
        if let empty = sequences.firstIndex(where: \.isEmpty) {
            throw .invalidRequest("invalid_value", "'stop[\(empty)]' is empty; leave it out", param: "stop")
        }
        return SamplingParameters(temperature: temperature, topP: top_p, maxTokens: max_completion_tokens ?? max_tokens, stop: sequences,
                                  seed: seed, presencePenalty: presence_penalty, frequencyPenalty: frequency_penalty)
    }
}
