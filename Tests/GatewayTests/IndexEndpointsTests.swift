import AuditTrail
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Index API, on a live loopback server")
struct IndexEndpointsTests {
    @Test("Search with filters; admins upload a document, others may not; the upload is audited")
    func searchAndUpload() async throws {
        let fixture = try await GatewayFixture.make()
        let adminKey = try APIKeyStore(path: fixture.data.apiKeysPath).create(principal: Principal(name: "admin-wang", role: .admin, routes: []))
        let app = fixture.server.application(logger: fixture.logger)
        try await app.test(.live) { client in
            let bot: HTTPFields = [.authorization: "Bearer \(fixture.apiKey)"]
            let search = try await client.execute(uri: "/v1/index/search", method: .post, headers: bot,
                                                  body: ByteBuffer(string: #"{"query": "《个人信息保护法》第二十八条", "top": 2}"#))
            #expect(search.status == .ok)
            let hits = ChatCompletionEndToEndTests.json(search.body)["data"] as? [[String: Any]] ?? []
            #expect(hits.first?["citation"] as? String == "《中华人民共和国个人信息保护法》第二十八条")
            #expect(hits.first?["matched_by"] as? String == "reference")
            for key in ["doc_id", "version", "title", "clause", "citation", "text", "score", "index_version"] {
                #expect(hits.first?[key] != nil, "hit lacks \(key)")
            }
            let filtered = try await client.execute(uri: "/v1/index/search", method: .post, headers: bot,
                                                    body: ByteBuffer(string: #"{"query": "挂失", "doc_ids": ["pipl"]}"#))
            #expect((ChatCompletionEndToEndTests.json(filtered.body)["data"] as? [[String: Any]] ?? []).allSatisfy { $0["doc_id"] as? String == "pipl" })

            let document = "---\nid: upload-demo\ntitle: 上传示例办法\nissuer: 测试机构\ndoc_no: 测试〔2026〕9号\neffective: 2020-01-01\n---\n第一条 上传的文件规定了睡眠账户的处理方式。\n"
            let refused = try await client.execute(uri: "/v1/index/documents?name=demo.md", method: .post, headers: bot, body: ByteBuffer(string: document))
            #expect(refused.status.code == 403)
            let admin: HTTPFields = [.authorization: "Bearer \(adminKey)"]
            let bad = try await client.execute(uri: "/v1/index/documents?name=bad.md", method: .post, headers: admin, body: ByteBuffer(string: "第一条 没有前言"))
            #expect(bad.status.code == 400)
            #expect(String(buffer: bad.body).contains("front matter"))
            let uploaded = try await client.execute(uri: "/v1/index/documents?name=demo.md", method: .post, headers: admin, body: ByteBuffer(string: document))
            #expect(uploaded.status == .ok)
            #expect(ChatCompletionEndToEndTests.json(uploaded.body)["added"] as? [String] == ["upload-demo"])
            let found = try await client.execute(uri: "/v1/index/search", method: .post, headers: bot,
                                                 body: ByteBuffer(string: #"{"query": "睡眠账户", "top": 1}"#))
            #expect((ChatCompletionEndToEndTests.json(found.body)["data"] as? [[String: Any]])?.first?["doc_id"] as? String == "upload-demo")
        }
        var query = AuditQuery()
        query.kind = "index_change"
        let changes = try await SQLiteLogStore(path: fixture.data.auditLogPath).query(query)
        #expect(changes.map(\.entry.principal) == ["admin-wang"])
        #expect(changes.first?.entry.details["added"] == "upload-demo")
    }
}
