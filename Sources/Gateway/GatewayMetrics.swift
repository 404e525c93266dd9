import AuditTrail
import Prometheus

/// Prometheus metrics, all derived from audit entries as they are appended, so the figures and the
/// audit trail cannot disagree. Served at `GET /metrics`; they hold counts and durations, never text.
///
/// | metric | labels |
/// |---|---|
/// | `hegui_requests_total` | `kind` (chat, refusal, embeddings, scrub_job…), `route`, `verdict` |
/// | `hegui_findings_total` | `type` (entity type; answers as `OUTPUT_PHONE`…) |
/// | `hegui_step_latency_seconds` | `step` (mask, retrieve, generate, check, total) |
/// | `hegui_upstream_latency_seconds` | `route`, `backend` |
/// | `hegui_audit_queue_depth` | (entries waiting for the audit writer, read at scrape time) |
public final class GatewayMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let queueDepth: Gauge
    static let buckets: [Duration] = [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
                                      .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]

    public init() {
        queueDepth = registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "hegui", metricName: "audit_queue", unitName: "depth",
                                                                         helpText: "Audit entries waiting for the writer"))
    }

    /// Counts one appended (or refused) entry and its latencies.
    public func observe(_ entry: AuditEntry) {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "hegui", metricName: "requests", unitName: "total",
                                                              helpText: "Requests by kind, route and verdict"),
                             labels: [("kind", entry.kind), ("route", entry.route), ("verdict", entry.verdict)]).increment()
        for (type, count) in entry.findingCounts {
            registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "hegui", metricName: "findings", unitName: "total",
                                                                  helpText: "Personal information found, by entity type"),
                                 labels: [("type", type)]).increment(by: Int64(count))
        }
        for (step, micros) in entry.latencyMicros {
            registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "hegui", metricName: "step_latency", unitName: "seconds",
                                                                            helpText: "Time per pipeline step"),
                                           labels: [("step", step)], buckets: GatewayMetrics.buckets).record(.microseconds(micros))
        }
        if let micros = entry.latencyMicros["generate"], entry.backend.hasPrefix("upstream:") {
            registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "hegui", metricName: "upstream_latency", unitName: "seconds",
                                                                            helpText: "Time the model backend took, per route"),
                                           labels: [("route", entry.route), ("backend", entry.backend)], buckets: GatewayMetrics.buckets)
                .record(.microseconds(micros))
        }
    }

    /// The exposition text, with the audit queue depth read now.
    public func exposition(auditQueueDepth: Int) -> [UInt8] {
        queueDepth.set(Double(auditQueueDepth))
        return registry.emitToBuffer()
    }
}
