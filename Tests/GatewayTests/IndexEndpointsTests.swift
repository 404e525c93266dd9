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

            // Every request is audited: a search (its query masked) and a model listing.
            let withPhone = try await client.execute(uri: "/v1/index/search", method: .post, headers: bot,
                                                     body: ByteBuffer(string: #"{"query": "我的手机13812345678丢了，银行卡挂失怎么办", "top": 2}"#))
            #expect(withPhone.status == .ok)
            #expect(withPhone.headers[GatewayServer.auditIDHeader] != nil)
            let returned = (ChatCompletionEndToEndTests.json(withPhone.body)["data"] as? [[String: Any]] ?? []).compactMap { $0["citation_key"] as? String }
            let models = try await client.execute(uri: "/v1/models", method: .get, headers: bot)
            #expect(models.status == .ok)
            #expect(models.headers[GatewayServer.auditIDHeader] != nil)
            let store = try SQLiteLogStore(path: fixture.data.auditLogPath)
            var searches = AuditQuery()
            searches.kind = "index_search"
            let recorded = try await store.query(searches)
            #expect(recorded.count == 4)
            let last = try #require(recorded.last?.entry)
            #expect(last.maskedInput.contains("<PHONE_1>"))
            #expect(!last.maskedInput.contains("13812345678"))
            #expect(last.findingCounts["PHONE"] == 1)
            #expect(!last.retrievedClauses.isEmpty)
            if !returned.isEmpty { #expect(last.retrievedClauses == returned) }
            #expect(last.policyDigest?.hasPrefix("sha256:") == true)
            var listings = AuditQuery()
            listings.kind = "models_list"
            #expect(try await store.query(listings).map(\.entry.details["routes"]) == ["cs"])
        }
        var query = AuditQuery()
        query.kind = "index_change"
        let changes = try await SQLiteLogStore(path: fixture.data.auditLogPath).query(query)
        #expect(changes.map(\.entry.principal) == ["admin-wang"])
        #expect(changes.first?.entry.details["added"] == "upload-demo")
    }
}
