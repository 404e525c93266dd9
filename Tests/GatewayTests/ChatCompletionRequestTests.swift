import Gateway
import Models
import Testing

/// Reading a chat request body: every field the gateway acts on, and errors that name the field.
@Suite("Chat request bodies")
struct ChatCompletionRequestTests {
    static func parse(_ json: String) throws(OpenAIError) -> ChatCompletionRequest {
        try ChatCompletionRequest(json: Array(json.utf8))
    }

    static func refusal(_ json: String) -> OpenAIError.Body? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            return error.error
        }
    }

    @Test("every field is read; content as a string, as text parts (joined by line feeds) or null; null fields count as absent")
    func fields() throws {
        let request = try Self.parse(#"""
            {"model":"cs","stream":true,"stream_options":{"include_usage":true},"user":"u1",
             "messages":[{"role":"system","content":"规则\n\"引号\""},
                         {"role":"user","content":[{"type":"text","text":"第一段"},{"type":"text","text":"second"}]},
                         {"role":"assistant","content":null},{"role":"user","content":"问题","name":"ignored"}],
             "temperature":0.25,"top_p":1,"max_tokens":null,"max_completion_tokens":256,"stop":"。","seed":-3,
             "presence_penalty":-1.5e0,"frequency_penalty":2,"n":1,"logprobs":false,"tools":[],"tool_choice":"none",
             "response_format":{"type":"text"},"modalities":["text"],"metadata":{"x":[1,{"y":null}]}}
            """#)
        #expect(request.model == "cs" && request.stream == true && request.stream_options?.include_usage == true && request.user == "u1")
        #expect(request.messages == [ChatMessage(role: "system", content: "规则\n\"引号\""), ChatMessage(role: "user", content: "第一段\nsecond"),
                                     ChatMessage(role: "assistant", content: ""), ChatMessage(role: "user", content: "问题")])
        #expect(request.temperature == 0.25 && request.top_p == 1 && request.max_tokens == nil && request.max_completion_tokens == 256)
        #expect(request.stop?.sequences == ["。"] && request.seed == -3 && request.presence_penalty == -1.5 && request.frequency_penalty == 2)
        #expect(request.n == 1 && request.logprobs == false && request.tools == .array([]) && request.tool_choice == .string("none"))
        #expect(request.response_format == .object(["type": .string("text")]) && request.modalities == ["text"])
        #expect(throws: Never.self) { try request.refuseUnsupportedFeatures() }
        #expect(try request.sampling() == SamplingParameters(temperature: 0.25, topP: 1, maxTokens: 256, stop: ["。"], seed: -3,
                                                             presencePenalty: -1.5, frequencyPenalty: 2))
    }

    @Test("each malformed body gets its code and the path of the field")
    func errors() {
        let cases: [(json: String, code: String, param: String?, says: String)] = [
            (#"{"model":"cs","messages":[}"#, "invalid_json", nil, "at byte 26"),
            (#"[{"model":"cs"}]"#, "invalid_json", nil, "must be a JSON object"),
            (#"{"messages":[]}"#, "missing_field", "model", "missing field 'model'"),
            (#"{"model":null,"messages":[]}"#, "invalid_field", "model", "is null"),
            (#"{"model":"cs","messages":{"role":"user"}}"#, "invalid_field", "messages", "expected an array"),
            (#"{"model":"cs","messages":[{"content":"x"}]}"#, "missing_field", "messages[0].role", "messages[0].role"),
            (#"{"model":"cs","messages":[{"role":"user"}]}"#, "missing_field", "messages[0].content", "messages[0].content"),
            (#"{"model":"cs","messages":[{"role":"user","content":7}]}"#, "invalid_field", "messages[0].content", "content parts"),
            (#"{"model":"cs","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}"#,
             "invalid_field", "messages[0].content[0]", "masks text only"),
            (#"{"model":"cs","messages":[],"temperature":"hot"}"#, "invalid_field", "temperature", "expected a number"),
            (#"{"model":"cs","messages":[],"max_tokens":1.5}"#, "invalid_field", "max_tokens", "expected an integer"),
            (#"{"model":"cs","messages":[],"stop":[1]}"#, "invalid_field", "stop[0]", "expected a string"),
            (#"{"model":"cs","messages":[],"stream":"yes"}"#, "invalid_field", "stream", "true or false"),
            (#"{"model":"cs","messages":[],"stream_options":[]}"#, "invalid_field", "stream_options", "expected an object"),
        ]
        for (json, code, param, says) in cases {
            let error = Self.refusal(json)
            #expect(error?.code == code && error?.param == param, "\(json): \(String(describing: error))")
            #expect(error?.message.contains(says) == true, "\(json): \(error?.message ?? "accepted")")
        }
    }
}
