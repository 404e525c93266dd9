import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Prometheus metrics")
struct MetricsTests {
    @Test("/metrics counts requests by route and verdict, findings by type, step latencies, audit commits; never text")
    func exposition() async throws {
        let fixture = try await GatewayFixture.make()
        try await fixture.server.application(logger: fixture.logger).test(.live) { client in
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/v1/chat/completions", method: .post,
                                                        headers: [.authorization: "Bearer \(fixture.apiKey)"],
                                                        body: ChatCompletionEndToEndTests.chatBody("手机13812345678，银行卡丢了怎么挂失？"))
                #expect(response.status == .ok)
            }
            _ = try await client.execute(uri: "/v1/models", method: .get, headers: [.authorization: "Bearer wrong"])
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"hegui_requests_total{kind="chat",route="cs",verdict="pass"} 2"#), "\(metrics)")
            #expect(metrics.contains(#"hegui_requests_total{kind="refusal",route="",verdict="refused"} 1"#))
            #expect(metrics.contains(#"hegui_findings_total{type="PHONE"} 2"#))
            #expect(metrics.contains(#"hegui_step_latency_seconds_count{step="mask"} 2"#))
            #expect(metrics.contains("hegui_audit_queue_depth 0"))
            // Each answer waited for its own group commit (the requests were sent one after another).
            let commits = metrics.split(separator: "\n").first { $0.hasPrefix("hegui_audit_commit_seconds_count") }
            #expect(commits.flatMap { Int($0.split(separator: " ").last ?? "") }.map { $0 >= 2 } == true, "\(metrics)")
            #expect(!metrics.contains("13812345678") && !metrics.contains("挂失"))
        }
    }
}
