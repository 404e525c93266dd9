import AnswerChecks
import AuditTrail
import Foundation
import Masking
import Gateway
import Hummingbird
import HummingbirdTesting
import Retrieval
import Testing

@Suite("Chat completions end to end, on a live loopback server")
struct ChatCompletionEndToEndTests {
    static let mobile = "13812345678"
    static let name = "欧阳明轩"
    static let residentID = "11010519491231002X"

    static func chatBody(_ content: String, model: String = "cs") -> ByteBuffer {
        let body: [String: Any] = ["model": model, "messages": [["role": "user", "content": content]]]
        return ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: body))
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    @Test("A question with a mobile and an ID number is answered, cited, audited, and no raw number is stored")
    func maskedCitedAudited() async throws {
        let fixture = try await GatewayFixture.make()
        let app = fixture.server.application(logger: fixture.logger)
        let question = "我叫\(Self.name)，手机号是\(Self.mobile)，身份证号\(Self.residentID)，我的银行卡丢了，应该怎么挂失？"
        let (status, body, auditID) = try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/v1/chat/completions", method: .post,
                headers: [.authorization: "Bearer \(fixture.apiKey)", .contentType: "application/json"],
                body: Self.chatBody(question))
            return (response.status.code, Self.json(response.body), response.headers[GatewayServer.auditIDHeader])
        }
        #expect(status == 200)
        let choices = try #require(body["choices"] as? [[String: Any]])
        let answer = try #require((choices.first?["message"] as? [String: Any])?["content"] as? String)

        // Both sections, in order.
        let sections = AnswerSections(parsing: answer)
        #expect(sections.preamble.isEmpty)
        #expect(sections.basis?.isEmpty == false)
        #expect(sections.explanation?.isEmpty == false)

        // The cited clause exists in the sample set (checked against the files, not the index).
        let citation = try #require(CitationRule.citations(in: sections.basis ?? "").first)
        let documents = try FileManager.default.contentsOfDirectory(atPath: GatewayFixture.samples.path)
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }
            .map { try RegulationParser().parse(String(contentsOf: GatewayFixture.samples.appendingPathComponent($0), encoding: .utf8), file: $0) }
        let cited = documents.first { $0.title == citation.title }?.articles.first { $0.number == ArticleNumber(citation.article) }
        #expect(cited != nil, "cited \(citation) is not in the sample regulations")
        #expect(citation.title == "银行卡业务管理办法" && citation.article == 36, "the loss-reporting clause should be cited, got \(citation)")

        // The audit entry exists under the returned id, masked.
        let id = try #require(auditID)
        let log = try SQLiteLogStore(path: fixture.data.auditLogPath)
        let stored = try #require(try log.entry(id: id))
        #expect(stored.entry.details["key_id"] == APIKeyStore.id(of: fixture.apiKey), "the entry names the API key that asked")
        #expect(stored.entry.kind == "chat")
        #expect(stored.entry.principal == "test-bot")
        #expect(stored.entry.verdict == "pass")
        #expect(stored.entry.findingCounts["PHONE"] == 1)
        #expect(stored.entry.findingCounts["CN_ID"] == 1)
        #expect(stored.entry.findingCounts["PERSON"] == 1)
        #expect(stored.entry.policyDigest == (try MaskingPolicy.load(directory: GatewayFixture.policies).digest))
        #expect(stored.entry.maskedInput.contains("<PHONE_1>"))
        #expect(stored.entry.citedClauses.count == 1)
        #expect(stored.entry.citedClauses.first?.hasPrefix("bank-card-rules@") == true)
        let leafText = String(decoding: stored.leaf, as: UTF8.self)
        #expect(!leafText.contains(Self.mobile))
        #expect(!leafText.contains(Self.residentID))
        #expect(!leafText.contains(Self.name))

        // No raw number anywhere in the audit store's files, including the WAL.
        let storeBytes = try fixture.auditStoreBytes()
        #expect(storeBytes.range(of: Data(Self.mobile.utf8)) == nil)
        #expect(storeBytes.range(of: Data(Self.residentID.utf8)) == nil)
        #expect(storeBytes.range(of: Data(Self.name.utf8)) == nil)
    }

    @Test("Models, health, and errors in OpenAI's shape")
    func modelsHealthAndErrors() async throws {
        let fixture = try await GatewayFixture.make(configuration: GatewayConfiguration(host: "127.0.0.1", port: 0, maxBodyBytes: 4096))
        let app = fixture.server.application(logger: fixture.logger)
        let auth = "Bearer \(fixture.apiKey)"
        try await app.test(.live) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)

            let models = try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: auth])
            #expect(((Self.json(models.body)["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String }) == ["cs"])

            func errorCode(_ response: TestResponse) -> String? {
                (Self.json(response.body)["error"] as? [String: Any])?["code"] as? String
            }
            let noKey = try await client.execute(uri: "/v1/chat/completions", method: .post, body: Self.chatBody("你好"))
            #expect(noKey.status.code == 401)
            #expect(errorCode(noKey) == "missing_api_key")

            let badKey = try await client.execute(uri: "/v1/chat/completions", method: .post,
                                                  headers: [.authorization: "Bearer hg_wrong"], body: Self.chatBody("你好"))
            #expect(badKey.status.code == 401)
            #expect(errorCode(badKey) == "invalid_api_key")

            let unknownRoute = try await client.execute(uri: "/v1/chat/completions", method: .post,
                                                        headers: [.authorization: auth], body: Self.chatBody("你好", model: "gpt-4"))
            #expect(unknownRoute.status.code == 404)
            #expect(errorCode(unknownRoute) == "model_not_found")

            let malformed = try await client.execute(uri: "/v1/chat/completions", method: .post,
                                                     headers: [.authorization: auth], body: ByteBuffer(string: #"{"model": "cs", "messages": ["#))
            #expect(malformed.status.code == 400)
            #expect(errorCode(malformed) == "invalid_json")

            let missingField = try await client.execute(uri: "/v1/chat/completions", method: .post,
                                                        headers: [.authorization: auth], body: ByteBuffer(string: #"{"model": "cs"}"#))
            #expect(missingField.status.code == 400)
            #expect(errorCode(missingField) == "missing_field")

            var invalidUTF8 = ByteBuffer(string: #"{"model": "cs", "messages": [{"role": "user", "content": "ab"#)
            invalidUTF8.writeBytes([0xFF, 0xFE])
            invalidUTF8.writeString(#""}]}"#)
            let badBytes = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.authorization: auth], body: invalidUTF8)
            #expect(badBytes.status.code == 400)
            #expect(errorCode(badBytes) == "invalid_utf8")
            let message = (Self.json(badBytes.body)["error"] as? [String: Any])?["message"] as? String
            #expect(message?.contains("offset 60") == true, "\(message ?? "")")

            let tooLarge = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.authorization: auth],
                                                    body: Self.chatBody(String(repeating: "长", count: 5000)))
            #expect(tooLarge.status.code == 413)
            #expect(errorCode(tooLarge) == "body_too_large")
        }
    }

    @Test("An answer with nothing to cite is blocked with the fixed message, and audited as blocked")
    func blockedWhenNothingToCite() async throws {
        let fixture = try await GatewayFixture.make()
        let app = fixture.server.application(logger: fixture.logger)
        let (answer, auditID) = try await app.test(.live) { client in
            let response = try await client.execute(uri: "/v1/chat/completions", method: .post,
                                                    headers: [.authorization: "Bearer \(fixture.apiKey)"], body: Self.chatBody("xyz"))
            let choices = Self.json(response.body)["choices"] as? [[String: Any]]
            return ((choices?.first?["message"] as? [String: Any])?["content"] as? String, response.headers[GatewayServer.auditIDHeader])
        }
        #expect(answer == ExchangePipeline.blockedAnswer)
        let id = try #require(auditID)
        let stored = try #require(try SQLiteLogStore(path: fixture.data.auditLogPath).entry(id: id))
        #expect(stored.entry.verdict == "blocked")
        #expect(stored.entry.reasons.contains { $0.hasPrefix("citation:") })
    }
}
