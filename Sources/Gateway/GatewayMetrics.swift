import AuditTrail
import Prometheus
import Synchronization

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
/// | `hegui_audit_commit_seconds` | (each group commit of the audit log, fsync included: every answer waits for one, so this is the disk's share of the latency added) |
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

    /// Counters and histograms already made, by metric and label values: the registry builds a
    /// key from the labels and takes its lock on every `make…` call, which cost as much as the rest
    /// of the bookkeeping; this lookup is one hash of a short string.
    private let counters = Mutex<[String: Counter]>([:])
    private let histograms = Mutex<[String: DurationHistogram]>([:])

    private func counter(_ name: String, help: String, labels: [(String, String)]) -> Counter {
        let key = ([name] + labels.map(\.1)).joined(separator: "\u{1F}")
        if let known = counters.withLock({ $0[key] }) { return known }
        let made = registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "hegui", metricName: name, unitName: "total", helpText: help),
                                        labels: labels)
        counters.withLock { $0[key] = made }
        return made
    }

    private func histogram(_ name: String, help: String, labels: [(String, String)]) -> DurationHistogram {
        let key = ([name] + labels.map(\.1)).joined(separator: "\u{1F}")
        if let known = histograms.withLock({ $0[key] }) { return known }
        let made = registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "hegui", metricName: name, unitName: "seconds", helpText: help),
                                                  labels: labels, buckets: GatewayMetrics.buckets)
        histograms.withLock { $0[key] = made }
        return made
    }

    /// Counts one appended (or refused) entry and its latencies.
    public func observe(_ entry: AuditEntry) {
        counter("requests", help: "Requests by kind, route and verdict",
                labels: [("kind", entry.kind), ("route", entry.route), ("verdict", entry.verdict)]).increment()
        for (type, count) in entry.findingCounts {
            counter("findings", help: "Personal information found, by entity type", labels: [("type", type)]).increment(by: Int64(count))
        }
        for (step, micros) in entry.latencyMicros {
            histogram("step_latency", help: "Time per pipeline step", labels: [("step", step)]).record(.microseconds(micros))
        }
        if let micros = entry.latencyMicros["generate"], entry.backend.hasPrefix("upstream:") {
            histogram("upstream_latency", help: "Time the model backend took, per route",
                      labels: [("route", entry.route), ("backend", entry.backend)]).record(.microseconds(micros))
        }
    }

    /// Records one group commit of the audit log (``AuditLog/commitObserver``).
    @Sendable public func observeCommit(_ duration: Duration, entries: Int) {
        histogram("audit_commit", help: "Audit log group commits, fsync included", labels: []).record(duration)
    }

    /// The exposition text, with the audit queue depth read now.
    public func exposition(auditQueueDepth: Int) -> [UInt8] {
        queueDepth.set(Double(auditQueueDepth))
        return registry.emitToBuffer()
    }
}
