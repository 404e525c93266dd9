import Foundation
import Gateway
import Models
import Testing

@Suite("Gateway configuration")
struct ConfigurationTests {
    @Test("the sample Deploy/hegui.yaml loads with its extractive and LoRA routes")
    func sample() throws {
        let configuration = try GatewayConfiguration.load(path: GatewayFixture.repository.appendingPathComponent("Deploy/hegui.yaml").path)
        #expect(configuration.routes.map(\.name) == ["cs", "cs-lora"])
        let lora = try #require(configuration.routes.last)
        #expect(lora.backend.kind == .upstream && lora.backend.adapter?.label == "cs-lora@2026-11-01" && lora.backend.adapter?.style == .vllm)
        #expect(lora.onViolation == .repair && lora.fallbackBackend?.kind == .extractive)
        #expect(configuration.routes.first?.embeddings?.kind == .hashed)
        #expect(configuration.rateLimit == .init(requestsPerSecond: 50, burst: 100))
    }

    @Test("every problem is named at start-up, not at the first request")
    func problems() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-config-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
            routes:
              - name: a
                backend: {kind: upstream, url: "https://model.example/v1", adapter: {name: x, version: ""}, temperature: 3, max_tokens: 0}
              - name: a
                top_k: 0
            rate_limit: {requests_per_second: 0, burst: 1}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try GatewayConfiguration.load(path: path)
            Issue.record("loaded")
        } catch {
            let text = "\(error)"
            for problem in ["url must be an http:// URL", "model: name the base model", "adapter.version", "route 'a' is defined twice",
                            "top_k must be between 1 and 50", "rate_limit", "temperature must be between 0 and 2", "max_tokens must be at least 1"] {
                #expect(text.contains(problem), "missing '\(problem)' in \(text)")
            }
        }
    }
}
