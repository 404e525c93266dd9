import AuditTrail
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

/// The OpenAI request fields beyond `messages`: sampling settings reach the model server (stop
/// sequences masked), and features whose output could not be checked are refused, never dropped.
@Suite("Request options: sampling passed on, unsupported features refused")
struct RequestOptionsTests {
    static func send(_ client: any TestClientProtocol, _ fixture: GatewayFixture, _ extra: [String: Any],
                     question: String = "GOOD " + UpstreamRouteTests.question) async throws -> TestResponse {
        var object: [String: Any] = ["model": "cs", "messages": [["role": "user", "content": question]]]
        object.merge(extra) { _, new in new }
        return try await client.execute(uri: "/v1/chat/completions", method: .post,
                                        headers: [.authorization: "Bearer \(fixture.apiKey)", .contentType: "application/json"],
                                        body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object)))
    }

    @Test("temperature, top_p, max tokens, seed, penalties and stop reach the model; stop sequences are masked; the audit notes them")
    func samplingReachesUpstream() async throws {
        try await UpstreamRouteTests.withGateway { client, fixture, upstream in
            let response = try await Self.send(client, fixture, [
                "temperature": 0.2, "top_p": 0.9, "max_completion_tokens": 300, "seed": 7,
                "presence_penalty": 0.5, "frequency_penalty": -0.25, "stop": ["13812345678", "谢谢"],
            ])
            #expect(response.status == .ok)
            let sent = try #require(upstream.requests.first)
            #expect(sent["temperature"] as? Double == 0.2)
            #expect(sent["top_p"] as? Double == 0.9)
            #expect(sent["max_tokens"] as? Int == 300)
            #expect(sent["seed"] as? Int == 7)
            #expect(sent["presence_penalty"] as? Double == 0.5)
            #expect(sent["frequency_penalty"] as? Double == -0.25)
            // The question's number is <PHONE_1> to the model, so the stop sequence must say so too.
            #expect(sent["stop"] as? [String] == ["<PHONE_1>", "谢谢"])
            let entry = try UpstreamRouteTests.entry(fixture, response)
            #expect(entry.details["temperature"] == "0.2" && entry.details["max_tokens"] == "300" && entry.details["stop_sequences"] == "2")
            let stored = String(decoding: try JSONEncoder().encode(entry), as: UTF8.self)
            #expect(!stored.contains("13812345678"))
        }
    }

    @Test("without sampling fields nothing is invented; one stop string is a list of one; the route's max_tokens is a ceiling")
    func routeDefaultsAndCeiling() async throws {
        try await UpstreamRouteTests.withGateway(maxTokens: 200) { client, fixture, upstream in
            _ = try await Self.send(client, fixture, [:])
            _ = try await Self.send(client, fixture, ["max_tokens": 50, "stop": "。"])
            _ = try await Self.send(client, fixture, ["max_tokens": 5000])
            let sent = upstream.requests
            try #require(sent.count == 3)
            #expect(sent[0]["max_tokens"] as? Int == 200)
            #expect(sent[0]["temperature"] == nil && sent[0]["stop"] == nil && sent[0]["seed"] == nil)
            #expect(sent[1]["max_tokens"] as? Int == 50 && sent[1]["stop"] as? [String] == ["。"])
            #expect(sent[2]["max_tokens"] as? Int == 200)
        }
    }

    @Test("an answer the server cut at its token limit says finish_reason length, and the audit records it")
    func lengthFinish() async throws {
        try await UpstreamRouteTests.withGateway { client, fixture, _ in
            let cut = try await Self.send(client, fixture, ["max_tokens": 40], question: "LENGTH " + UpstreamRouteTests.question)
            let choice = (ChatCompletionEndToEndTests.json(cut.body)["choices"] as? [[String: Any]])?.first
            #expect(choice?["finish_reason"] as? String == "length")
            #expect(try UpstreamRouteTests.entry(fixture, cut).details["finish_reason"] == "length")
            let whole = try await Self.send(client, fixture, [:])
            #expect((ChatCompletionEndToEndTests.json(whole.body)["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String == "stop")

            // Streamed: the last chunk before the usage says the same.
            func streamedFinish(_ question: String) async throws -> (String?, TestResponse) {
                let response = try await Self.send(client, fixture, ["stream": true], question: question)
                let reasons = String(buffer: response.body).split(separator: "\n").compactMap { line -> String? in
                    guard line.hasPrefix("data: {") else { return nil }
                    let chunk = ChatCompletionEndToEndTests.json(ByteBuffer(string: String(line.dropFirst(6))))
                    return (chunk["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String
                }
                return (reasons.last, response)
            }
            let (streamedCut, cutResponse) = try await streamedFinish("LENGTH " + UpstreamRouteTests.question)
            #expect(streamedCut == "length")
            #expect(try UpstreamRouteTests.entry(fixture, cutResponse).details["finish_reason"] == "length")
            #expect(try await streamedFinish("GOOD " + UpstreamRouteTests.question).0 == "stop")
        }
    }

    @Test("features whose output could not be checked, and values out of range, are refused with the field named; nothing goes upstream")
    func refusals() async throws {
        let table: [(extra: [String: Any], code: String, param: String)] = [
            (["n": 2], "unsupported_parameter", "n"),
            (["tools": [["type": "function", "function": ["name": "lookup", "parameters": ["type": "object"]]]]], "unsupported_parameter", "tools"),
            (["functions": [["name": "lookup"]]], "unsupported_parameter", "functions"),
            (["tool_choice": "required"], "unsupported_parameter", "tool_choice"),
            (["response_format": ["type": "json_object"]], "unsupported_parameter", "response_format"),
            (["logprobs": true], "unsupported_parameter", "logprobs"),
            (["top_logprobs": 3], "unsupported_parameter", "top_logprobs"),
            (["logit_bias": ["50256": -100]], "unsupported_parameter", "logit_bias"),
            (["modalities": ["text", "audio"]], "unsupported_parameter", "modalities"),
            (["audio": ["voice": "alloy", "format": "wav"]], "unsupported_parameter", "audio"),
            (["temperature": 2.5], "invalid_value", "temperature"),
            (["top_p": -0.1], "invalid_value", "top_p"),
            (["max_tokens": 0], "invalid_value", "max_tokens"),
            (["max_tokens": 100, "max_completion_tokens": 200], "invalid_value", "max_tokens"),
            (["presence_penalty": 3], "invalid_value", "presence_penalty"),
            (["stop": ["a", "b", "c", "d", "e"]], "invalid_value", "stop"),
            (["stop": ["好", ""]], "invalid_value", "stop"),
        ]
        // As JSON text: the closure runs concurrently and `[String: Any]` is not Sendable.
        let cases = try table.map { (try JSONSerialization.data(withJSONObject: $0.extra), $0.code, $0.param) }
        try await UpstreamRouteTests.withGateway { client, fixture, upstream in
            for (json, code, param) in cases {
                let extra = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
                let response = try await Self.send(client, fixture, extra)
                let error = ChatCompletionEndToEndTests.json(response.body)["error"] as? [String: Any]
                #expect(response.status == .badRequest, "\(extra)")
                #expect(error?["code"] as? String == code && error?["param"] as? String == param, "\(extra): \(error ?? [:])")
                #expect(response.headers[GatewayServer.auditIDHeader] != nil, "\(extra): the refusal is audited")
            }
            #expect(upstream.requests.isEmpty)
        }
    }

    @Test("the values SDKs send to mean 'none of these' are accepted")
    func harmlessValues() async throws {
        try await UpstreamRouteTests.withGateway { client, fixture, upstream in
            let response = try await Self.send(client, fixture, [
                "n": 1, "tools": [], "tool_choice": "none", "response_format": ["type": "text"], "logprobs": false,
                "modalities": ["text"], "user": "bot-7", "metadata": ["team": "cards"], "store": false, "audio": NSNull(),
            ])
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(upstream.requests.count == 1)
        }
    }
}
