import ArgumentParser
import AuditTrail
import Foundation
import Gateway
import Hummingbird
import Logging
import Models
import NIOCore
import Retrieval
import Scrubbing
import SyntheticData

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

        let upstreamPort = try await GatewayBench.start { GatewayBench.mockUpstream(logger: logger, onServerRunning: $0) }
        let backend = BackendConfiguration(kind: .upstream, url: "http://127.0.0.1:\(upstreamPort)/v1", model: "mock", timeoutSeconds: 10, retries: 0)
        let configuration = GatewayConfiguration(host: "127.0.0.1", port: 0, routes: [RouteConfiguration(name: "bench", backend: backend)],
                                                 policy: policyOptions.policy, rateLimit: .init(requestsPerSecond: 1e9, burst: 1e9))
        let server = try GatewayServer.open(data: folder, configuration: configuration)
        let gatewayPort = try await GatewayBench.start { server.application(logger: logger, onServerRunning: $0) }

        // Each request as a bot sends it: its system prompt, then the customer's question.
        let bodies = try GatewayBench.questions(count: 256).map { question in
            ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: [
                "model": "bench",
                "messages": [["role": "system", "content": GatewayBench.systemPrompt], ["role": "user", "content": question]],
            ]))
        }
        let direct = Target(url: "http://127.0.0.1:\(upstreamPort)/v1/chat/completions", headers: [("Content-Type", "application/json")], bodies: bodies)
        let gateway = Target(url: "http://127.0.0.1:\(gatewayPort)/v1/chat/completions",
                             headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(key)")], bodies: bodies)
        _ = try await GatewayBench.closedLoop(gateway, requests: 200, concurrency: 4)   // warm up
        _ = try await GatewayBench.closedLoop(direct, requests: 200, concurrency: 4)

        let closedLoopsStart = try server.audit.store.size()
        print("full pipeline (mask, retrieve over \(samples), upstream call, check, mask answer, durable audit append) vs the mock upstream alone")
        for level in concurrency {
            let (directRun, directCPU) = try await GatewayBench.measuringCPU { try await GatewayBench.closedLoop(direct, requests: requests, concurrency: level) }
            let (gatewayRun, gatewayCPU) = try await GatewayBench.measuringCPU { try await GatewayBench.closedLoop(gateway, requests: requests, concurrency: level) }
            GatewayBench.report("concurrency \(level)", direct: directRun, directCPU: directCPU, gateway: gatewayRun, gatewayCPU: gatewayCPU, count: requests)
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
            let (directRun, directCPU) = try await GatewayBench.measuringCPU { try await GatewayBench.openLoop(direct, rate: rate, count: count) }
            let (gatewayRun, gatewayCPU) = try await GatewayBench.measuringCPU { try await GatewayBench.openLoop(gateway, rate: rate, count: count) }
            GatewayBench.report("open loop \(rate) req/s", direct: directRun, directCPU: directCPU, gateway: gatewayRun, gatewayCPU: gatewayCPU, count: count)
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

    /// Where requests go and what they carry: request `n` sends `bodies[n % bodies.count]`.
    struct Target: Sendable {
        var url: String
        var headers: [(String, String)]
        var bodies: [ByteBuffer]

        func body(_ number: Int) -> ByteBuffer { bodies[number % bodies.count] }
    }

    /// Customer questions that differ from one another, as a bot's traffic does: a banking question
    /// (what the sample regulations answer) with a generated message holding personal information.
    /// A single repeated question would let every per-query cost hide in caches.
    static func questions(count: Int) -> [String] {
        let asks = ["银行卡丢了怎么挂失？", "信用卡逾期会有什么后果？", "你们会把我的个人信息给第三方吗？",
                    "我想注销账户，需要带什么？", "银行卡被盗刷了怎么办？", "How do I dispute a credit card charge?",
                    "我可以查阅银行保存的我的个人信息吗？", "信用卡的最低还款额怎么算？", "为什么我的卡被冻结了？",
                    "Can I ask you to delete my personal data?", "办理借记卡需要哪些证件？", "分期还款的手续费是多少？"]
        return PIICorpus.generate(count: count, seed: 20_261_122).enumerated().map { number, message in
            message.text + " " + asks[number % asks.count]
        }
    }

    struct Run {
        var latencies: [Double]   // milliseconds
        var failures: Int
        var seconds: Double
    }

    static func report(_ label: String, direct: Run, directCPU: Double, gateway: Run, gatewayCPU: Double, count: Int) {
        func percentile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        let format = { (value: Double) in String(format: "%.2f", value) }
        print("\(label): direct p50 \(format(percentile(direct.latencies, 0.5))) ms p99 \(format(percentile(direct.latencies, 0.99))) ms; "
              + "via gateway p50 \(format(percentile(gateway.latencies, 0.5))) ms p99 \(format(percentile(gateway.latencies, 0.99))) ms; "
              + "added p50 \(format(percentile(gateway.latencies, 0.5) - percentile(direct.latencies, 0.5))) ms "
              + "p99 \(format(percentile(gateway.latencies, 0.99) - percentile(direct.latencies, 0.99))) ms; "
              + "throughput \(Int(Double(count) / gateway.seconds)) req/s; "
              + "CPU per request \(format((gatewayCPU - directCPU) / Double(count) * 1000)) ms added (\(format(gatewayCPU / Double(count) * 1000)) ms in all, both servers and the load generator in this process); "
              + "failures \(gateway.failures + direct.failures)")
    }

    /// `count` requests, `concurrency` at a time.
    static func closedLoop(_ target: Target, requests count: Int, concurrency: Int) async throws -> Run {
        let clock = ContinuousClock()
        let started = clock.now
        let client = UpstreamHTTPClient()
        let perWorker = max(1, count / concurrency)
        let results = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var latencies: [Double] = [], failures = 0
                    for number in 0..<perWorker {
                        let start = clock.now
                        let status = try? await client.post(target.url, headers: target.headers, body: target.body(worker * perWorker + number),
                                                            timeout: .seconds(30)).status
                        if status != .ok { failures += 1 }
                        latencies.append(Double((clock.now - start) / .microseconds(1)) / 1000)
                    }
                    return (latencies, failures)
                }
            }
            var all: ([Double], Int) = ([], 0)
            for try await (latencies, failures) in group { all.0 += latencies; all.1 += failures }
            return all
        }
        return Run(latencies: results.0, failures: results.1, seconds: (clock.now - started) / .seconds(1))
    }

    /// Requests sent on a fixed schedule whatever the answers do; latency counts from the scheduled
    /// time, so queueing is not hidden (no coordinated omission).
    static func openLoop(_ target: Target, rate: Int, count: Int) async throws -> Run {
        let clock = ContinuousClock()
        let started = clock.now
        let client = UpstreamHTTPClient()
        let interval = Duration.seconds(1) / rate
        let results = await withTaskGroup(of: (Double, Bool).self) { group in
            for index in 0..<count {
                let scheduled = started + interval * index
                group.addTask {
                    try? await Task.sleep(until: scheduled, clock: clock)
                    let status = try? await client.post(target.url, headers: target.headers, body: target.body(index), timeout: .seconds(30)).status
                    return (Double((clock.now - scheduled) / .microseconds(1)) / 1000, status == .ok)
                }
            }
            var all: [(Double, Bool)] = []
            for await result in group { all.append(result) }
            return all
        }
        return Run(latencies: results.map(\.0), failures: results.filter { !$0.1 }.count, seconds: (clock.now - started) / .seconds(1))
    }

    /// A bank customer-service bot's system prompt, sent with every request (about 500 bytes).
    static let systemPrompt = "你是某商业银行的在线客服助手。请只依据检索到的监管规定和本行业务规则回答客户问题，回答分为两部分：先写【政策依据】，引用规定名称和条款编号；"
        + "再写【简明解释】，用通俗的语言说明客户需要怎么做。不要使用口语化的称呼，不要承诺收益，不要索要或复述客户的身份证号、银行卡号、密码和验证码。"
        + "遇到无法确定的问题，请建议客户拨打官方客服热线或前往网点咨询。"

    /// Runs `body` and returns its result with the process CPU seconds (user + system) it took.
    static func measuringCPU<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let before = ProcessUsage.cpuSeconds()
        let result = try await body()
        return (result, ProcessUsage.cpuSeconds() - before)
    }

    /// Starts the application `make` builds (handing it the port callback) and returns its port.
    static func start<App: ApplicationProtocol & Sendable>(_ make: (@escaping @Sendable (Int) async -> Void) -> App) async throws -> Int {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = make { port in continuation.yield(port) }
        Task { try await application.runService() }
        for await port in ports { return port }
        throw ValidationError("server did not start")
    }

    /// A model server that answers at once, in Hegui's shape, citing the first clause it was given.
    ///
    /// It finds the clause with a byte search instead of parsing the request: parsing the gateway's
    /// few-kilobyte prompt with `JSONSerialization` cost the mock more than the direct call's short
    /// question, and that difference was counted as latency the gateway adds.
    static func mockUpstream(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol & Sendable {
        let router = Router()
        router.post("v1/chat/completions") { request, _ -> Response in
            let data = try await request.body.collect(upTo: 1 << 20)
            let citation = data.withUnsafeReadableBytes { raw in GatewayBench.firstClauseCitation(in: raw) } ?? "《未知》第一条"
            var reply = ByteBuffer()
            reply.writeString(#"{"id":"mock","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"【政策依据】"#)
            reply.writeString(citation)
            reply.writeString(#"。\n【简明解释】请您本人携带有效证件到网点办理。"}}]}"#)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: reply))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) }, logger: logger)
    }

    /// The text between `[1] ` and the next `：` in a raw request body, when it holds no JSON
    /// escapes (a citation such as 《商业银行法》第六条 never does).
    static func firstClauseCitation(in body: UnsafeRawBufferPointer) -> String? {
        let bytes = body.bindMemory(to: UInt8.self)
        guard let start = firstOffset(of: Array("[1] ".utf8), in: bytes, from: 0),
              let end = firstOffset(of: Array("：".utf8), in: bytes, from: start + 4) else { return nil }
        let citation = bytes[(start + 4)..<end]
        guard !citation.contains(where: { $0 == 0x5C || $0 == 0x22 }), citation.count < 400 else { return nil }
        return String(decoding: citation, as: UTF8.self)
    }

    /// Where `needle` first occurs in `bytes` at or after `from`: a plain loop over raw bytes. The
    /// generic `firstRange(of:)` took 3.5 % of the bench's CPU, on the gateway's long prompts, so
    /// it counted as CPU and latency the gateway adds.
    static func firstOffset(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = from
        while index <= bytes.count - needle.count {
            if bytes[index] == first {
                var matched = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
