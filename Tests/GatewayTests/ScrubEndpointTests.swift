import AuditTrail
import Crypto
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Masking
import Testing

@Suite("POST /v1/scrub, on a live loopback server")
struct ScrubEndpointTests {
    @Test("data keys scrub a batch: structure kept, bad samples quarantined, broken records rejected, the batch audited")
    func scrubBatch() async throws {
        let fixture = try await GatewayFixture.make()
        let dataKey = try APIKeyStore(path: fixture.data.apiKeysPath).create(principal: Principal(name: "data-li", role: .data, routes: []))
        let app = fixture.server.application(logger: fixture.logger)
        try await app.test(.live) { client in
            let body = #"""
                {"check_answers": true, "records": [
                  {"messages": [{"role": "user", "content": "客户张伟，手机13812345678"}, {"role": "assistant", "content": "【政策依据】《商业银行法》第二十九条。\n【简明解释】张伟您好，已登记。"}], "weight": 1},
                  {"messages": [{"role": "user", "content": "在吗"}, {"role": "assistant", "content": "亲，在的"}]},
                  "not a record"
                ]}
                """#
            let bot: HTTPFields = [.authorization: "Bearer \(fixture.apiKey)"]
            let refused = try await client.execute(uri: "/v1/scrub", method: .post, headers: bot, body: ByteBuffer(string: body))
            #expect(refused.status.code == 403)
            #expect(String(buffer: refused.body).contains("role_not_allowed"))

            let data: HTTPFields = [.authorization: "Bearer \(dataKey)"]
            let response = try await client.execute(uri: "/v1/scrub", method: .post, headers: data, body: ByteBuffer(string: body))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let text = String(buffer: response.body)
            #expect(!text.contains("13812345678") && !text.contains("张伟"))
            #expect(text.contains(#""records":[{"messages": [{"role": "user", "content": "客户<PERSON_1>，手机<PHONE_1>"}"#), "\(text)")
            #expect(text.contains(#""weight": 1}]"#))
            let result = ChatCompletionEndToEndTests.json(response.body)
            #expect(result["layout"] as? String == "openai")
            let quarantined = try #require(result["quarantined"] as? [[String: Any]])
            #expect(quarantined.first?["index"] as? Int == 1)
            #expect((quarantined.first?["reasons"] as? [String])?.contains("messages[1].content: tone: banned phrase “亲”") == true)
            let rejected = try #require(result["rejected"] as? [[String: Any]])
            #expect(rejected.first?["index"] as? Int == 2)
            #expect(rejected.first?["error"] as? String == "expected a JSON object per record, found a string")
            let report = try #require(result["report"] as? [String: Any])
            #expect(report["records"] as? [String: Int] == ["in": 3, "out": 1, "quarantined": 1, "rejected": 1])
            let auditID = try #require(response.headers[GatewayServer.auditIDHeader])
            #expect(result["audit_id"] as? String == auditID)

            let noKey = try await client.execute(uri: "/v1/scrub", method: .post, headers: data,
                                                 body: ByteBuffer(string: #"{"pseudonymize": true, "records": [{"text": "x"}]}"#))
            #expect(noKey.status.code == 400 && String(buffer: noKey.body).contains("pseudonymize_unavailable"))
            let badField = try await client.execute(uri: "/v1/scrub", method: .post, headers: data,
                                                    body: ByteBuffer(string: #"{"records": {"text": "x"}}"#))
            #expect(badField.status.code == 400 && String(buffer: badField.body).contains("missing_field"))
            let broken = try await client.execute(uri: "/v1/scrub", method: .post, headers: data, body: ByteBuffer(string: #"{"records": [}"#))
            #expect(String(buffer: broken.body).contains("invalid JSON at byte 13"), "\(String(buffer: broken.body))")
        }
        var query = AuditQuery()
        query.kind = "scrub_job"
        let jobs = try await SQLiteLogStore(path: fixture.data.auditLogPath).query(query)
        #expect(jobs.map(\.entry.principal) == ["data-li"])
        #expect(jobs.first?.entry.findingCounts["PHONE"] == 1)
        #expect(jobs.first?.entry.details["records_in"] == "3")
        #expect(jobs.first?.entry.details["input_sha256"]?.hasPrefix("sha256:") == true)
    }

    @Test("with a pseudonym key: one customer, one token; the audit entry names the key by its public id")
    func pseudonymizedBatch() async throws {
        let fixture = try await GatewayFixture.make()
        let dataKey = try APIKeyStore(path: fixture.data.apiKeysPath).create(principal: Principal(name: "data-wang", role: .data, routes: []))
        let secret = SymmetricKey(data: Array(String(repeating: "p", count: 40).utf8))
        let served = try #require(fixture.server.scrub)
        let server = GatewayServer(configuration: fixture.server.configuration, pipeline: fixture.server.pipeline, keys: fixture.server.keys,
                                   audit: fixture.server.audit,
                                   scrub: ScrubService(policy: served.policy, answers: served.answers, pseudonymKey: secret))
        try await server.application(logger: fixture.logger).test(.live) { client in
            let response = try await client.execute(uri: "/v1/scrub", method: .post, headers: [.authorization: "Bearer \(dataKey)"],
                                                    body: ByteBuffer(string: #"{"pseudonymize": true, "records": [{"text": "手机13812345678"}, {"text": "再打138 1234 5678"}]}"#))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let tokens = String(buffer: response.body).matches(of: /<PHONE_[0-9a-f]{12}>/).map { String($0.output) }
            #expect(tokens.count == 2 && tokens[0] == tokens[1])
        }
        var query = AuditQuery()
        query.kind = "scrub_job"
        let job = try #require(try await SQLiteLogStore(path: fixture.data.auditLogPath).query(query).first)
        #expect(job.entry.details["pseudonym_key_id"] == PseudonymKey.identifier(of: secret))
        #expect(!String(decoding: job.leaf, as: UTF8.self).contains(String(repeating: "p", count: 40)))
    }
}
