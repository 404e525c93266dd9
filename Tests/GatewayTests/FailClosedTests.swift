import AnswerChecks
import AuditTrail
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Masking
import Models
import Retrieval
import Testing

/// An audit log that is down.
struct UnavailableLog: AuditAppender {
    struct Down: Error {}
    func append(_ entry: AuditEntry) async throws -> AuditEntry { throw Down() }
}

@Suite("Fail closed")
struct FailClosedTests {
    @Test("If the audit append fails, the client gets an error and no answer")
    func auditDown() async throws {
        let fixture = try await GatewayFixture.make()
        let pipeline = ExchangePipeline(masker: try MaskingPolicy.load(directory: GatewayFixture.policies).masker(), policyDigest: "sha256:test", index: try RegulationIndex(path: fixture.data.indexPath),
                                        backend: ExtractiveResponder(), checker: .standard, log: UnavailableLog())
        let server = GatewayServer(configuration: fixture.server.configuration, pipeline: pipeline, keys: fixture.server.keys,
                                   audit: fixture.server.audit)
        try await server.application(logger: fixture.logger).test(.live) { client in
            let response = try await client.execute(uri: "/v1/chat/completions", method: .post,
                                                    headers: [.authorization: "Bearer \(fixture.apiKey)"],
                                                    body: ChatCompletionEndToEndTests.chatBody("银行卡丢了怎么挂失？"))
            #expect(response.status.code == 503)
            let body = String(buffer: response.body)
            #expect(body.contains("audit_unavailable"))
            #expect(!body.contains("政策依据"))
            #expect(response.headers[GatewayServer.auditIDHeader] == nil)
        }
    }

    @Test("Canary values of every masked type never reach the audit store, in any file")
    func canaries() async throws {
        let fixture = try await GatewayFixture.make()
        let canaries = ["13987654321", "11010519491231002X", "canary.person@example.com", "6222020200001234562"]
        let app = fixture.server.application(logger: fixture.logger)
        try await app.test(.live) { client in
            for canary in canaries {
                let response = try await client.execute(uri: "/v1/chat/completions", method: .post,
                                                        headers: [.authorization: "Bearer \(fixture.apiKey)"],
                                                        body: ChatCompletionEndToEndTests.chatBody("我的信息是\(canary)，银行卡丢了怎么挂失？"))
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains(canary))
            }
        }
        let bytes = try fixture.auditStoreBytes()
        for canary in canaries { #expect(bytes.range(of: Data(canary.utf8)) == nil, "\(canary) found in the audit store") }
    }
}
