import AuditTrail
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Routes with their own policy set and retrieval filters")
struct RoutePolicyTests {
    /// A copy of the repository's policies in which phones are redacted and 挂失 is a banned phrase.
    static func strictPolicy() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-strict-\(UUID().uuidString)").path
        let files = FileManager.default
        try files.createDirectory(atPath: folder + "/pii", withIntermediateDirectories: true)
        try files.createDirectory(atPath: folder + "/answers", withIntermediateDirectories: true)
        for name in try files.contentsOfDirectory(atPath: GatewayFixture.policies + "/pii") {
            var text = try String(contentsOfFile: GatewayFixture.policies + "/pii/" + name, encoding: .utf8)
            if name == "operators.yaml" { text = text.replacingOccurrences(of: "operators:\n", with: "operators:\n  PHONE: { operator: redact, replacement: \"[电话]\" }\n") }
            try text.write(toFile: folder + "/pii/" + name, atomically: true, encoding: .utf8)
        }
        try "banned_phrases: [挂失]\n".write(toFile: folder + "/answers/tone.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    @Test("each route masks and checks with its own policy, retrieves only its documents, and the audit names its digest")
    func ownPolicyAndFilters() async throws {
        let strict = try Self.strictPolicy()
        defer { try? FileManager.default.removeItem(atPath: strict) }
        let routes = [RouteConfiguration(name: "cs"),
                      RouteConfiguration(name: "strict", policy: strict),
                      RouteConfiguration(name: "pipl-only", requireCitations: false, filters: RetrievalFilters(documentIDs: ["pipl"]))]
        let fixture = try await GatewayFixture.make(configuration: GatewayConfiguration(host: "127.0.0.1", port: 0, routes: routes, policy: GatewayFixture.policies))
        let key = try APIKeyStore(path: fixture.data.apiKeysPath).create(principal: Principal(name: "bot-all", role: .bot, routes: ["cs", "strict", "pipl-only"]))
        try await fixture.server.application(logger: fixture.logger).test(.live) { client in
            var ids: [String: String] = [:]
            for route in ["cs", "strict", "pipl-only"] {
                let response = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.authorization: "Bearer \(key)"],
                                                        body: ChatCompletionEndToEndTests.chatBody("我的手机号是13812345678，银行卡丢了怎么挂失？我的个人信息会被泄露吗？", model: route))
                #expect(response.status == .ok)
                ids[route] = response.headers[GatewayServer.auditIDHeader]
            }
            let store = try SQLiteLogStore(path: fixture.data.auditLogPath)
            let standard = try #require(try store.entry(id: ids["cs"]!)).entry
            let strictEntry = try #require(try store.entry(id: ids["strict"]!)).entry
            let pipl = try #require(try store.entry(id: ids["pipl-only"]!)).entry
            #expect(standard.maskedInput.contains("<PHONE_1>") && standard.verdict == "pass")
            #expect(strictEntry.maskedInput.contains("[电话]") && strictEntry.policyDigest != standard.policyDigest)
            #expect(strictEntry.verdict == "blocked" && strictEntry.reasons.contains { $0.contains("挂失") }, "the strict route bans 挂失")
            #expect(!pipl.retrievedClauses.isEmpty && pipl.retrievedClauses.allSatisfy { $0.hasPrefix("pipl@") }, "\(pipl.retrievedClauses)")
            #expect(standard.retrievedClauses.contains { !$0.hasPrefix("pipl@") })
        }
    }
}
