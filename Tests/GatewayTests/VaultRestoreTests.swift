import AuditTrail
import Foundation
import Gateway
import Masking
import Models
import Retrieval
import Testing

/// A backend that answers like the extractive responder and then refers to the user's phone by its tag.
struct TagEchoingBackend: ChatBackend {
    var id: String { "tag-echo" }
    func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        let base = try await ExtractiveResponder().generate(request)
        return GenerationResult(text: base.text + "我们会致电<PHONE_1>与您确认。", backend: id, model: base.model)
    }
}

@Suite("Vault restore per route")
struct VaultRestoreTests {
    /// The shipped policy with PHONE masked by the vault operator.
    static func vaultPolicy() throws -> MaskingPolicy {
        let folder = URL(fileURLWithPath: GatewayFixture.policies).appendingPathComponent("pii")
        var sources: [(path: String, text: String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".yaml") {
            var text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            if name == "operators.yaml" { text = text.replacingOccurrences(of: "operators:\n", with: "operators:\n  PHONE: { operator: vault }\n") }
            sources.append((name, text))
        }
        return try MaskingPolicy.load(sources: sources)
    }

    @Test("A route that allows it gives the user's own value back; the model and the audit entry see only the tag")
    func restore() async throws {
        let fixture = try await GatewayFixture.make()
        let policy = try Self.vaultPolicy()
        let pipeline = ExchangePipeline(masker: try policy.masker(), policyDigest: policy.digest,
                                        index: try RegulationIndex(path: fixture.data.indexPath),
                                        backend: TagEchoingBackend(), checker: .standard, log: fixture.server.audit)
        let question = [ChatMessage(role: "user", content: "我的手机是138 1234 5678，银行卡丢了怎么挂失？")]
        let principal = Principal(name: "test-bot", role: .bot, routes: ["cs"])

        let restored = try await pipeline.run(messages: question, principal: principal,
                                              route: RouteConfiguration(name: "cs", restoreUserValues: true))
        #expect(restored.answer.contains("我们会致电138 1234 5678与您确认"))
        #expect(restored.audit.maskedOutput.contains("<PHONE_1>"))
        #expect(!restored.audit.maskedOutput.contains("138 1234 5678"))
        #expect(restored.audit.details["restored_user_values"] == "true")

        let kept = try await pipeline.run(messages: question, principal: principal, route: RouteConfiguration(name: "cs"))
        #expect(kept.answer.contains("我们会致电<PHONE_1>与您确认"))
        #expect(kept.audit.details["restored_user_values"] == nil)

        let stored = try fixture.auditStoreBytes()
        #expect(stored.range(of: Data("138 1234 5678".utf8)) == nil)
    }
}
