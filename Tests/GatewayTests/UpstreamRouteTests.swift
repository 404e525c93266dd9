import AuditTrail
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Models
import Testing

/// Routes backed by an OpenAI-compatible model server: the real gateway on a loopback port in front
/// of ``MockUpstream``, which misbehaves on request.
@Suite("Upstream routes: adapters, retries, fallback, violations, streaming guard")
struct UpstreamRouteTests {
    static let question = "我的手机号是13812345678，银行卡丢了怎么挂失？"

    /// Runs `body` against a gateway whose route `cs` uses the mock upstream.
    static func withGateway(onViolation: RouteConfiguration.ViolationAction = .block, fallback: Bool = false,
                            adapter: AdapterConfiguration? = AdapterConfiguration(name: "cs-lora", version: "2026-11-01", style: .vllm),
                            timeoutSeconds: Double = 1, maxTokens: Int? = nil,
                            _ body: @escaping @Sendable (any TestClientProtocol, GatewayFixture, MockUpstream) async throws -> Void) async throws {
        let upstream = MockUpstream()
        try await upstream.application().test(.live) { upstreamClient in
            let backend = BackendConfiguration(kind: .upstream, url: "http://127.0.0.1:\(upstreamClient.port!)/v1", model: "base-7b",
                                               adapter: adapter, timeoutSeconds: timeoutSeconds, retries: 2, maxTokens: maxTokens)
            let route = RouteConfiguration(name: "cs", backend: backend, fallbackBackend: fallback ? .extractive : nil, onViolation: onViolation)
            let fixture = try await GatewayFixture.make(configuration: GatewayConfiguration(host: "127.0.0.1", port: 0, routes: [route], policy: GatewayFixture.policies))
            try await fixture.server.application(logger: fixture.logger).test(.live) { client in
                try await body(client, fixture, upstream)
            }
        }
    }

    static func ask(_ client: any TestClientProtocol, _ fixture: GatewayFixture, _ question: String, stream: Bool = false) async throws -> TestResponse {
        var object: [String: Any] = ["model": "cs", "messages": [["role": "user", "content": question]]]
        if stream {
            object["stream"] = true
            object["stream_options"] = ["include_usage": true]
        }
        return try await client.execute(uri: "/v1/chat/completions", method: .post,
                                        headers: [.authorization: "Bearer \(fixture.apiKey)", .contentType: "application/json"],
                                        body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object)))
    }

    static func answer(_ response: TestResponse) -> String {
        let choices = ChatCompletionEndToEndTests.json(response.body)["choices"] as? [[String: Any]]
        return (choices?.first?["message"] as? [String: Any])?["content"] as? String ?? ""
    }

    static func entry(_ fixture: GatewayFixture, _ response: TestResponse) throws -> AuditEntry {
        let id = try #require(response.headers[GatewayServer.auditIDHeader])
        return try #require(try SQLiteLogStore(path: fixture.data.auditLogPath).entry(id: id)).entry
    }

    static func chatEntries(_ fixture: GatewayFixture) async throws -> [AuditEntry] {
        var query = AuditQuery()
        query.kind = "chat"
        return try await SQLiteLogStore(path: fixture.data.auditLogPath).query(query).map(\.entry)
    }

    @Test("the model gets only masked text, the adapter as vLLM's model name, and the audit names base model and adapter version")
    func maskedUpstreamWithAdapter() async throws {
        try await Self.withGateway { client, fixture, upstream in
            let response = try await Self.ask(client, fixture, "GOOD " + Self.question)
            #expect(response.status == .ok)
            #expect(Self.answer(response).hasPrefix("【政策依据】《"))
            let sent = try #require(upstream.requests.first)
            #expect(sent["model"] as? String == "cs-lora")
            let text = String(decoding: try JSONSerialization.data(withJSONObject: sent), as: UTF8.self)
            #expect(!text.contains("13812345678") && text.contains("<PHONE_1>"))
            let entry = try Self.entry(fixture, response)
            #expect(entry.backend == "upstream:base-7b" && entry.adapter == "cs-lora@2026-11-01" && entry.verdict == "pass")
        }
    }

    @Test("content sent as text parts is joined and masked; an image part is refused before anything goes upstream")
    func contentParts() async throws {
        try await Self.withGateway { client, fixture, upstream in
            func send(_ content: [[String: Any]]) async throws -> TestResponse {
                let object: [String: Any] = ["model": "cs", "messages": [["role": "user", "content": content]]]
                return try await client.execute(uri: "/v1/chat/completions", method: .post,
                                                headers: [.authorization: "Bearer \(fixture.apiKey)", .contentType: "application/json"],
                                                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object)))
            }
            let parts = try await send([["type": "text", "text": "GOOD 我的手机号是13812345678，"], ["type": "text", "text": "银行卡丢了怎么挂失？"]])
            #expect(parts.status == .ok)
            let sent = try #require(upstream.requests.first)
            let text = String(decoding: try JSONSerialization.data(withJSONObject: sent), as: UTF8.self)
            #expect(!text.contains("13812345678") && text.contains("<PHONE_1>"))
            #expect(text.contains("GOOD 我的手机号是<PHONE_1>，\\n银行卡丢了怎么挂失？"), "the parts are joined with a line feed")

            let image = try await send([["type": "text", "text": "这张卡是我的吗？"], ["type": "image_url", "image_url": ["url": "data:image/png;base64,AAAA"]]])
            #expect(image.status == .badRequest)
            let error = ChatCompletionEndToEndTests.json(image.body)["error"] as? [String: Any]
            #expect(error?["code"] as? String == "invalid_field")
            #expect((error?["message"] as? String)?.contains("messages[0].content[1]") == true)
            #expect((error?["message"] as? String)?.contains("'image_url' cannot be checked") == true)
            #expect(upstream.requests.count == 1, "the refused request never reached the model")
        }
    }

    @Test("llama.cpp adapters go in the request's lora list, with the base model as model")
    func llamaCppAdapter() async throws {
        try await Self.withGateway(adapter: AdapterConfiguration(name: "cs-lora", version: "v3", style: .llamacpp, id: 1, scale: 0.5)) { client, fixture, upstream in
            #expect(try await Self.ask(client, fixture, "GOOD 挂失").status == .ok)
            let sent = try #require(upstream.requests.first)
            #expect(sent["model"] as? String == "base-7b")
            let lora = try #require(sent["lora"] as? [[String: Any]])
            #expect(lora.first?["id"] as? Int == 1 && lora.first?["scale"] as? Double == 0.5)
        }
    }

    @Test("a citation of a clause that was not retrieved, or a wrong quote: block, or fall back to the extractive answer")
    func wrongCitation() async throws {
        try await Self.withGateway(onViolation: .block) { client, fixture, _ in
            let response = try await Self.ask(client, fixture, "WRONGCITE 银行卡丢了怎么挂失？")
            #expect(Self.answer(response) == ExchangePipeline.blockedAnswer)
            let entry = try Self.entry(fixture, response)
            #expect(entry.verdict == "blocked" && entry.reasons.contains { $0.contains("不存在的管理办法") })
            let misquoted = try await Self.ask(client, fixture, "WRONGQUOTE 银行卡丢了怎么挂失？")
            #expect(Self.answer(misquoted) == ExchangePipeline.blockedAnswer)
            #expect(try Self.entry(fixture, misquoted).reasons.contains { $0.contains("the passage quoted from") })
        }
        try await Self.withGateway(onViolation: .fallback) { client, fixture, _ in
            let response = try await Self.ask(client, fixture, "WRONGCITE 银行卡丢了怎么挂失？")
            #expect(Self.answer(response).contains("银行卡业务管理办法"))
            #expect(try Self.entry(fixture, response).verdict == "fallback")
        }
    }

    @Test("repair: the model is asked once more with the violations listed, and the second answer is used")
    func repair() async throws {
        try await Self.withGateway(onViolation: .repair) { client, fixture, upstream in
            let response = try await Self.ask(client, fixture, "REPAIRABLE 银行卡丢了怎么挂失？")
            #expect(Self.answer(response).hasPrefix("【政策依据】"))
            #expect(upstream.requests.count == 2)
            let second = (upstream.requests.last?["messages"] as? [[String: String]])?.last?["content"] ?? ""
            #expect(second.contains("上一个回答不符合要求") && second.contains("亲"))
            let entry = try Self.entry(fixture, response)
            #expect(entry.verdict == "repaired" && entry.reasons.contains { $0.hasPrefix("tone:") })
        }
    }

    @Test("personal information the model invents is masked before the client sees it")
    func leakedPII() async throws {
        try await Self.withGateway { client, fixture, _ in
            let response = try await Self.ask(client, fixture, "LEAKPII 银行卡丢了怎么挂失？")
            let answer = Self.answer(response)
            #expect(!answer.contains("13912345678") && !answer.contains("wang.li@example.com") && answer.contains("<PHONE_"))
            let entry = try Self.entry(fixture, response)
            #expect(entry.findingCounts["OUTPUT_PHONE"] == 1 && !entry.maskedOutput.contains("13912345678"))
        }
    }

    @Test("5xx are retried with backoff; a server that stays down falls back, or the client gets a 502")
    func retriesAndFallback() async throws {
        try await Self.withGateway { client, fixture, upstream in
            let flaky = try await Self.ask(client, fixture, "FLAKY 银行卡丢了怎么挂失？")
            #expect(flaky.status == .ok && upstream.requests.count == 3)
            #expect(try Self.entry(fixture, flaky).verdict == "pass")
            let down = try await Self.ask(client, fixture, "FAIL500 挂失")
            #expect(down.status.code == 502 && String(buffer: down.body).contains("backend_failed"))
            #expect(try Self.entry(fixture, down).verdict == "refused")
        }
        try await Self.withGateway(fallback: true) { client, fixture, _ in
            let down = try await Self.ask(client, fixture, "FAIL500 银行卡丢了怎么挂失？")
            #expect(down.status == .ok && Self.answer(down).contains("银行卡业务管理办法"))
            let entry = try Self.entry(fixture, down)
            #expect(entry.backend == "extractive" && entry.reasons.contains { $0.contains("unavailable") })
            let slow = try await Self.ask(client, fixture, "SLOW 银行卡丢了怎么挂失？")
            let slowEntry = try Self.entry(fixture, slow)
            #expect(slow.status == .ok && slowEntry.reasons.contains { $0.contains("did not answer within") })
        }
    }

    // MARK: Streaming

    /// The `data:` payloads of an SSE body.
    static func events(_ response: TestResponse) -> [String] {
        String(buffer: response.body).components(separatedBy: "\n\n").compactMap { frame in
            frame.hasPrefix("data: ") ? String(frame.dropFirst(6)) : nil
        }
    }

    static func streamedText(_ events: [String]) -> String {
        events.compactMap { event -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any],
                  let choice = (object["choices"] as? [[String: Any]])?.first else { return nil }
            return (choice["delta"] as? [String: Any])?["content"] as? String
        }.joined()
    }

    static func error(_ events: [String]) -> [String: Any]? {
        events.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }.first { $0["error"] != nil }?["error"] as? [String: Any]
    }

    @Test("a good stream: checked, masked, finished with stop, usage and [DONE]; one audit entry")
    func goodStream() async throws {
        try await Self.withGateway { client, fixture, _ in
            let response = try await Self.ask(client, fixture, "LEAKPII " + Self.question, stream: true)
            #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let events = Self.events(response)
            #expect(events.last == "[DONE]")
            let text = Self.streamedText(events)
            #expect(text.hasPrefix("【政策依据】《") && text.contains("【简明解释】"))
            #expect(!text.contains("13912345678") && text.contains("<PHONE_2>"), "\(text)")
            #expect(events.contains { $0.contains("\"finish_reason\":\"stop\"") })
            #expect(events.contains { $0.contains("\"usage\"") })
            #expect(Self.error(events) == nil)
            let entry = try Self.entry(fixture, response)
            #expect(entry.verdict == "pass" && entry.details["stream"] == "true" && entry.maskedOutput == text)
            #expect(try await Self.chatEntries(fixture).count == 1)
        }
    }

    @Test("a banned phrase split across two chunks ends the stream with an error event, and none of it is sent")
    func splitBannedPhrase() async throws {
        try await Self.withGateway { client, fixture, _ in
            let response = try await Self.ask(client, fixture, "SPLITBANNED 银行卡丢了怎么挂失？", stream: true)
            let events = Self.events(response)
            #expect(events.last == "[DONE]")
            let error = try #require(Self.error(events))
            #expect(error["code"] as? String == "answer_violation")
            let text = Self.streamedText(events)
            #expect(!text.contains("哈") && text.hasPrefix("【政策依据】"), "\(text)")
            #expect(try Self.entry(fixture, response).verdict == "aborted")
        }
    }

    @Test("a wrong citation is caught before anything is sent: the route's answer streams instead")
    func wrongCitationStream() async throws {
        try await Self.withGateway(onViolation: .fallback) { client, fixture, _ in
            let response = try await Self.ask(client, fixture, "WRONGCITE 银行卡丢了怎么挂失？", stream: true)
            let events = Self.events(response)
            #expect(Self.error(events) == nil && events.last == "[DONE]")
            #expect(Self.streamedText(events).contains("银行卡业务管理办法") && !Self.streamedText(events).contains("不存在"))
            #expect(try Self.entry(fixture, response).verdict == "fallback")
        }
    }

    @Test("a stream the model server cuts midway ends with an error event and is audited once")
    func cutStream() async throws {
        try await Self.withGateway { client, fixture, _ in
            let response = try await Self.ask(client, fixture, "CUT 银行卡丢了怎么挂失？我想知道具体的办理流程和需要准备的材料，谢谢。", stream: true)
            let events = Self.events(response)
            #expect(events.last == "[DONE]")
            let code = Self.error(events)?["code"] as? String
            let entry = try Self.entry(fixture, response)
            // Cut before anything was sent: the extractive answer; after: an error event.
            #expect(code == "backend_failed" || entry.verdict == "fallback", "\(events)")
            #expect(entry.reasons.contains { $0.hasPrefix("backend stream:") })
            #expect(try await Self.chatEntries(fixture).count == 1)
        }
    }

    @Test("a client that goes away mid-stream still leaves exactly one audit entry, marked aborted")
    func clientDisconnects() async throws {
        try await Self.withGateway(timeoutSeconds: 30) { client, fixture, _ in
            let body = try JSONSerialization.data(withJSONObject: [
                "model": "cs", "stream": true,
                "messages": [["role": "user", "content": "DRIP 银行卡丢了怎么挂失？请详细说明办理流程、需要的材料和注意事项。"]],
            ])
            /// Reads the first piece, then lets go of the stream, which closes the connection.
            func firstPiece() async throws -> Int {
                let response = try await UpstreamHTTPClient().streamingPost(
                    "http://127.0.0.1:\(client.port!)/v1/chat/completions",
                    headers: [("Authorization", "Bearer \(fixture.apiKey)"), ("Content-Type", "application/json")],
                    body: ByteBuffer(bytes: body), timeout: .seconds(30))
                #expect(response.status == .ok)
                var iterator = response.body.makeAsyncIterator()
                return try await iterator.next()?.readableBytes ?? 0
            }
            let received = try await firstPiece()
            #expect(received > 0)
            var entries: [AuditEntry] = []
            for _ in 0..<300 {
                entries = try await Self.chatEntries(fixture)
                if !entries.isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            try await Task.sleep(for: .milliseconds(300))   // no second entry may follow
            entries = try await Self.chatEntries(fixture)
            #expect(entries.count == 1)
            #expect(entries.first?.verdict == "aborted" && entries.first?.reasons.contains("client disconnected") == true, "\(entries)")
        }
    }
}
