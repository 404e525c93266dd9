import ArgumentParser
import AuditTrail
import Foundation
import Gateway
import Logging
import Models
import Retrieval
import Scrubbing

/// `hegui bench gateway`: the latency and CPU the full pipeline (auth, masking, retrieval, upstream
/// call, checks, answer masking, durable audit append) adds in front of a model server, measured
/// against calling the same local mock model server directly.
struct GatewayBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Added latency p50/p99 and CPU per request of the full pipeline versus calling a local mock upstream directly.")

    @Option(help: "Requests per concurrency level.") var requests = 2000
    @Option(help: "Concurrency levels (closed loop).") var concurrency: [Int] = [1, 8, 64]
    @Option(help: "Open-loop target rate, requests per second (0: skip).") var rate = 1000
    @Option(help: "Open-loop duration in seconds.") var seconds = 5
    @Option(help: "Regulations to index.") var samples = "Deploy/samples/regulations"
    @OptionGroup var policyOptions: PolicyOptions

    func run() async throws {
        var logger = Logger(label: "hegui-bench")
        logger.logLevel = .error
        let folder = DataDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("hegui-gateway-bench-\(UUID().uuidString)").path)
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        try folder.prepare()
        _ = try await RegulationIndex(path: folder.indexPath).sync(directory: samples)
        let signer = try NoteSigner(generatingFor: "hegui.bench/gateway")
        try KeyFile.writeSecret(signer.signerKey + "\n", to: folder.signerKeyPath)
        let key = try APIKeyStore(path: folder.apiKeysPath).create(principal: Principal(name: "bench", role: .bot, routes: ["bench"]))

        // The mock model server and the load generator run in a process of their own, as a bot and a
        // model server do: in this one they shared the gateway's event loops, and a request could
        // wait behind load-generator work and count that wait as latency the gateway adds.
        var load = try await LoadGeneratorProcess()
        defer { load.stop() }
        let backend = BackendConfiguration(kind: .upstream, url: "http://127.0.0.1:\(load.upstreamPort)/v1", model: "mock", timeoutSeconds: 10, retries: 0)
        let configuration = GatewayConfiguration(host: "127.0.0.1", port: 0, routes: [RouteConfiguration(name: "bench", backend: backend)],
                                                 policy: policyOptions.policy, rateLimit: .init(requestsPerSecond: 1e9, burst: 1e9))
        let server = try GatewayServer.open(data: folder, configuration: configuration)
        let gatewayPort = try await GatewayLoadGenerator.start { server.application(logger: logger, onServerRunning: $0) }
        try load.connect(gatewayPort: gatewayPort, apiKey: key)
        _ = try await load.run(.init(target: .gateway, requests: 200, concurrency: 4))   // warm up
        _ = try await load.run(.init(target: .direct, requests: 200, concurrency: 4))

        let closedLoopsStart = try server.audit.store.size()
        print("full pipeline (mask, retrieve over \(samples), upstream call, check, mask answer, durable audit append) vs the mock upstream alone")
        for level in concurrency {
            let direct = try await GatewayBench.measure(.init(target: .direct, requests: requests, concurrency: level), with: &load)
            let gateway = try await GatewayBench.measure(.init(target: .gateway, requests: requests, concurrency: level), with: &load)
            GatewayBench.report("concurrency \(level)", direct: direct, gateway: gateway)
        }
        // Where the time goes, from the audit entries' own step latencies.
        let entries = try await GatewayBench.exchanges(server, after: closedLoopsStart)
        print("steps over the \(entries.count) closed-loop exchanges, p50/p99 (µs): " + GatewayBench.stepPercentiles(entries)
              + " (total = until the audit append was queued; the append itself waits for its group commit)")
        let verdicts = Dictionary(grouping: entries, by: \.verdict).mapValues(\.count)
        print("verdicts of those exchanges: " + verdicts.keys.sorted().map { "\($0) \(verdicts[$0]!)" }.joined(separator: ", ")
              + "; clauses retrieved per question, median: \(entries.map(\.retrievedClauses.count).sorted()[entries.count / 2])")
        var commits = await CommitTally(server.audit)
        commits.report("closed loops")
        if rate > 0 {
            let count = rate * seconds
            let openLoopStart = try server.audit.store.size()
            let direct = try await GatewayBench.measure(.init(target: .direct, requests: count, rate: rate), with: &load)
            let gateway = try await GatewayBench.measure(.init(target: .gateway, requests: count, rate: rate), with: &load)
            GatewayBench.report("open loop \(rate) req/s", direct: direct, gateway: gateway)
            commits = await commits.since(server.audit)
            commits.report("open loop")
            // A slow answer is slow either inside the exchange (these steps) or waiting around it
            // (for a thread, for the group commit): the two sets of figures tell which.
            let openEntries = try await GatewayBench.exchanges(server, after: openLoopStart)
            print("open loop steps over \(openEntries.count) exchanges, p50/p99 (µs): " + GatewayBench.stepPercentiles(openEntries))
        }
    }

    /// The chat exchanges audited from log size `start` on, read a page at a time.
    static func exchanges(_ server: GatewayServer, after start: Int) async throws -> [AuditEntry] {
        var query = AuditQuery()
        query.kind = "chat"
        query.limit = 1000
        query.afterSequence = start - 1
        var entries: [AuditEntry] = []
        while true {
            let page = try await server.audit.store.query(query).map(\.entry)
            entries += page
            guard page.count == query.limit, let last = page.last?.sequence else { return entries }
            query.afterSequence = last
        }
    }

    /// `step p50/p99` for every step the entries timed, by step name.
    static func stepPercentiles(_ entries: [AuditEntry]) -> String {
        var steps: [String: [Int]] = [:]
        for entry in entries { for (step, micros) in entry.latencyMicros { steps[step, default: []].append(micros) } }
        return steps.keys.sorted().map { step in
            let sorted = steps[step]!.sorted()
            return "\(step) \(sorted[sorted.count / 2])/\(sorted[min(sorted.count - 1, sorted.count * 99 / 100)])"
        }.joined(separator: ", ")
    }

    /// The audit log's group commits: how many, how full, how long each took (fsync included).
    /// An answer waits for the commit that holds its entry, so under load this is a floor of the
    /// latency added.
    struct CommitTally {
        var batches: Int
        var entries: Int
        var time: Duration
        /// The durations of these commits (of the latest 16,384 when there were more).
        var durations: [Duration]

        init(_ audit: AuditLog) async {
            (batches, entries, time, durations) = await (audit.batchesCommitted, audit.entriesCommitted, audit.commitTime, audit.recentCommits)
        }

        private init(batches: Int, entries: Int, time: Duration, durations: [Duration]) {
            (self.batches, self.entries, self.time, self.durations) = (batches, entries, time, durations)
        }

        /// The commits made since this tally was taken.
        func since(_ audit: AuditLog) async -> CommitTally {
            let now = await CommitTally(audit)
            let batches = now.batches - batches
            return CommitTally(batches: batches, entries: now.entries - entries, time: now.time - time,
                               durations: Array(now.durations.suffix(batches)))
        }

        func report(_ label: String) {
            guard batches > 0 else { return }
            let millis = Double(time.components.seconds) * 1e3 + Double(time.components.attoseconds) / 1e15
            print("audit group commit (\(label)): \(batches) batches, \(String(format: "%.1f", Double(entries) / Double(batches))) entries per batch, "
                  + "\(String(format: "%.2f", millis / Double(batches))) ms per commit (fsync included); "
                  + "p50 \(milliseconds(0.5)) p99 \(milliseconds(0.99)) max \(milliseconds(1)) ms")
        }

        private func milliseconds(_ quantile: Double) -> String {
            let sorted = durations.sorted()
            guard !sorted.isEmpty else { return "-" }
            let duration = sorted[min(sorted.count - 1, Int(Double(sorted.count) * quantile))]
            return String(format: "%.2f", Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15)
        }
    }

    /// One measurement by the load generator, with the CPU this process (the gateway) used meanwhile.
    struct Measurement {
        var run: GatewayLoadGenerator.Result
        var gatewayCPU: Double
        var count: Int { run.latencies.count }
    }

    static func measure(_ load: GatewayLoadGenerator.Load, with generator: inout LoadGeneratorProcess) async throws -> Measurement {
        let before = ProcessUsage.cpuSeconds()
        let run = try await generator.run(load)
        return Measurement(run: run, gatewayCPU: ProcessUsage.cpuSeconds() - before)
    }

    /// Latency added at p50 and p99, and CPU added per request: the gateway process's, plus what the
    /// mock and load generator spent beyond the direct run (the mock reads the gateway's longer prompts).
    static func report(_ label: String, direct: Measurement, gateway: Measurement) {
        func percentile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        let format = { (value: Double) in String(format: "%.2f", value) }
        let perRequest = { (seconds: Double, measurement: Measurement) in seconds / Double(max(1, measurement.count)) * 1000 }
        let gatewayCPU = perRequest(gateway.gatewayCPU, gateway) - perRequest(direct.gatewayCPU, direct)
        let peerDirect = perRequest(direct.run.cpuSeconds, direct), peerGateway = perRequest(gateway.run.cpuSeconds, gateway)
        print("\(label): direct p50 \(format(percentile(direct.run.latencies, 0.5))) ms p99 \(format(percentile(direct.run.latencies, 0.99))) ms; "
              + "via gateway p50 \(format(percentile(gateway.run.latencies, 0.5))) ms p99 \(format(percentile(gateway.run.latencies, 0.99))) ms; "
              + "added p50 \(format(percentile(gateway.run.latencies, 0.5) - percentile(direct.run.latencies, 0.5))) ms "
              + "p99 \(format(percentile(gateway.run.latencies, 0.99) - percentile(direct.run.latencies, 0.99))) ms; "
              + "throughput \(Int(Double(gateway.count) / gateway.run.seconds)) req/s; "
              + "CPU per request \(format(gatewayCPU + peerGateway - peerDirect)) ms added (gateway process \(format(gatewayCPU)) ms; "
              + "load generator and mock \(format(peerDirect)) ms direct, \(format(peerGateway)) ms via the gateway); "
              + "failures \(gateway.run.failures + direct.run.failures)")
    }
}
