import AuditTrail
import Foundation
@testable import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Keys, roles, rate limits, refusals and embeddings, on a live loopback server")
struct KeysAndLimitsTests {
    static func post(_ client: any TestClientProtocol, _ path: String, key: String?, _ body: String) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test("the key is read from 'Authorization: Bearer <key>' with blanks around it dropped; other schemes give none")
    func bearerKey() {
        #expect(APIKeyStore.bearerKey(in: "Bearer hg_abc") == "hg_abc")
        #expect(APIKeyStore.bearerKey(in: "Bearer  \thg_abc \t") == "hg_abc")
        #expect(APIKeyStore.bearerKey(in: "Bearer 密钥") == "密钥")
        #expect(APIKeyStore.bearerKey(in: "Bearer   ") == "")
        #expect(APIKeyStore.bearerKey(in: "bearer hg_abc") == nil)
        #expect(APIKeyStore.bearerKey(in: "Basic aGc6YWJj") == nil)
        #expect(APIKeyStore.bearerKey(in: nil) == nil)
    }

    @Test("a key over its token bucket gets 429 with Retry-After; its own rate overrides the default; other keys are unaffected")
    func rateLimits() async throws {
        let configuration = GatewayConfiguration(host: "127.0.0.1", port: 0, policy: GatewayFixture.policies,
                                                 rateLimit: .init(requestsPerSecond: 0.01, burst: 2))
        let fixture = try await GatewayFixture.make(configuration: configuration)
        let store = try APIKeyStore(path: fixture.data.apiKeysPath)
        let other = try store.create(principal: Principal(name: "bot-b", role: .bot, routes: ["cs"]))
        let fast = try store.create(principal: Principal(name: "bot-fast", role: .bot, routes: ["cs"], requestsPerSecond: 100))
        try await fixture.server.application(logger: fixture.logger).test(.live) { client in
            let body = #"{"model": "cs", "messages": [{"role": "user", "content": "银行卡丢了怎么挂失？"}]}"#
            #expect(try await Self.post(client, "/v1/chat/completions", key: fixture.apiKey, body).status == .ok)
            #expect(try await Self.post(client, "/v1/chat/completions", key: fixture.apiKey, body).status == .ok)
            let limited = try await Self.post(client, "/v1/chat/completions", key: fixture.apiKey, body)
            #expect(limited.status == .tooManyRequests)
            #expect((50...100).contains(Int(limited.headers[.retryAfter] ?? "") ?? 0), "one token comes back every 100 s")
            #expect(String(buffer: limited.body).contains("rate_limit_exceeded"))
            #expect(limited.headers[GatewayServer.auditIDHeader] != nil)
            #expect(try await Self.post(client, "/v1/chat/completions", key: other, body).status == .ok)
            for _ in 0..<5 { #expect(try await Self.post(client, "/v1/chat/completions", key: fast, body).status == .ok) }
        }
        var query = AuditQuery()
        query.kind = "refusal"
        let refusals = try await SQLiteLogStore(path: fixture.data.auditLogPath).query(query).map(\.entry)
        #expect(refusals.count == 1 && refusals.first?.principal == "test-bot" && refusals.first?.details["code"] == "rate_limit_exceeded")
        #expect(refusals.first?.details["key_id"] == APIKeyStore.id(of: fixture.apiKey), "the refusal names the key that was limited")
    }

    @Test("key creations and revocations are fsynced at commit (synchronous = FULL, not the pool's NORMAL)")
    func keyStoreIsDurable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try APIKeyStore(path: folder.appendingPathComponent("keys.sqlite").path).writerSynchronousLevel() == 2)
    }

    @Test("a revoked key is refused at once by its store, and by another store once its cached answer expires")
    func revocation() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/keys.sqlite"
        let admin = try APIKeyStore(path: path)
        let key = try admin.create(principal: Principal(name: "bot-a", role: .bot, routes: ["cs", "faq"], requestsPerSecond: 5))
        let kept = try admin.create(principal: Principal(name: "bot-b", role: .bot, routes: ["cs"]))
        let uncached = try APIKeyStore(path: path, cacheSeconds: 0)
        let cached = try APIKeyStore(path: path, cacheSeconds: 3600)
        let principal = Principal(name: "bot-a", role: .bot, routes: ["cs", "faq"], requestsPerSecond: 5, keyID: APIKeyStore.id(of: key))
        #expect(try uncached.authenticate(key) == principal)
        #expect(try cached.authenticate(key) == principal)
        #expect(try admin.list().map(\.id).sorted() == [APIKeyStore.id(of: key), APIKeyStore.id(of: kept)].sorted())

        #expect(throws: APIKeyError.badID("xyz12345")) { try admin.revoke(id: "xyz12345") }
        let revoked = try admin.revoke(id: String(APIKeyStore.id(of: key).prefix(8)).uppercased())
        #expect(revoked.principal == principal && revoked.id == APIKeyStore.id(of: key))
        #expect(try admin.authenticate(key) == nil)
        #expect(try uncached.authenticate(key) == nil)
        #expect(try cached.authenticate(key) == principal, "another process's cache holds the key until it expires")
        #expect(try uncached.authenticate(kept)?.name == "bot-b")
        #expect(throws: APIKeyError.noSuchKey(APIKeyStore.id(of: key))) { try admin.revoke(id: APIKeyStore.id(of: key)) }
    }

    @Test("every refusal is audited with who, where and why: bad key, bad JSON, unknown route, wrong role")
    func refusalsAudited() async throws {
        let fixture = try await GatewayFixture.make()
        try await fixture.server.application(logger: fixture.logger).test(.live) { client in
            let badKey = try await Self.post(client, "/v1/chat/completions", key: "hg_wrong", "{}")
            #expect(badKey.status == .unauthorized && badKey.headers[GatewayServer.auditIDHeader] != nil)
            let badJSON = try await Self.post(client, "/v1/chat/completions", key: fixture.apiKey, #"{"model": "cs", "messages": [}"#)
            #expect(badJSON.status == .badRequest && String(buffer: badJSON.body).contains("invalid_json"))
            let unknown = try await Self.post(client, "/v1/chat/completions", key: fixture.apiKey, #"{"model": "nope", "messages": []}"#)
            #expect(unknown.status == .notFound)
            let wrongRole = try await Self.post(client, "/v1/scrub", key: fixture.apiKey, #"{"records": []}"#)
            #expect(wrongRole.status == .forbidden)
        }
        var query = AuditQuery()
        query.kind = "refusal"
        let refusals = try await SQLiteLogStore(path: fixture.data.auditLogPath).query(query).map(\.entry)
        #expect(refusals.map { $0.details["code"] ?? "" } == ["invalid_api_key", "invalid_json", "model_not_found", "role_not_allowed"])
        #expect(refusals.map(\.principal) == ["unauthenticated", "test-bot", "test-bot", "test-bot"])
        #expect(refusals.allSatisfy { $0.details["path"]?.hasPrefix("/v1/") == true && $0.verdict == "refused" })
    }

    @Test("embeddings: inputs masked before the embedder, floats or base64 (what the Python SDK asks for), audited")
    func embeddings() async throws {
        let fixture = try await GatewayFixture.make()
        try await fixture.server.application(logger: fixture.logger).test(.live) { client in
            let floats = try await Self.post(client, "/v1/embeddings", key: fixture.apiKey,
                                             #"{"model": "cs", "input": ["我的手机号是13812345678", "我的手机号是13912345678"]}"#)
            #expect(floats.status == .ok)
            let data = try #require(ChatCompletionEndToEndTests.json(floats.body)["data"] as? [[String: Any]])
            let first = try #require(data.first?["embedding"] as? [Double])
            let second = try #require(data.last?["embedding"] as? [Double])
            #expect(first.count == 256)
            #expect(first == second, "both numbers mask to <PHONE_1>, so the embedder saw the same text")

            let encoded = try await Self.post(client, "/v1/embeddings", key: fixture.apiKey,
                                              #"{"model": "cs", "input": "我的手机号是13812345678", "encoding_format": "base64"}"#)
            let text = try #require((ChatCompletionEndToEndTests.json(encoded.body)["data"] as? [[String: Any]])?.first?["embedding"] as? String)
            let bytes = try #require(Data(base64Encoded: text))
            let decoded = bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            #expect(decoded.map(Double.init) == first)

            let tokens = try await Self.post(client, "/v1/embeddings", key: fixture.apiKey, #"{"model": "cs", "input": [[1, 2, 3]]}"#)
            #expect(tokens.status == .badRequest && String(buffer: tokens.body).contains("token arrays"))
        }
        var query = AuditQuery()
        query.kind = "embeddings"
        let entries = try await SQLiteLogStore(path: fixture.data.auditLogPath).query(query).map(\.entry)
        #expect(entries.count == 2 && entries.first?.findingCounts["PHONE"] == 2)
        #expect(entries.allSatisfy { !$0.maskedInput.contains("138") && !$0.maskedInput.contains("139") })
    }
}
