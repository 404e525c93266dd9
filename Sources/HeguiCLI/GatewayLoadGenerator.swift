import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Models
import NIOCore
import Scrubbing
import SyntheticData

/// `hegui bench gateway-load` (hidden): the other side of `hegui bench gateway`, in a process of its
/// own, as a bot and a model server are in production. It runs the mock model server and sends the
/// load; the gateway under test then has its process, its event loops and its CPU time to itself,
/// so neither the latency nor the CPU it reports includes the load generator's.
///
/// It speaks JSON lines: it prints ``Started`` once the mock is listening, reads ``Setup`` (where the
/// gateway is), then answers each ``Load`` with a ``Result``. It exits when its input closes.
struct GatewayLoadGenerator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway-load",
        abstract: "The mock model server and load generator of `hegui bench gateway` (started by it).",
        shouldDisplay: false)

    /// Printed first: the mock model server's port.
    struct Started: Codable { var upstreamPort: Int }
    /// Read next: where the gateway listens and the key to call it with.
    struct Setup: Codable { var gatewayPort: Int; var apiKey: String }
    /// One measurement: `requests` closed-loop requests `concurrency` at a time, or, with `rate`, that
    /// many sent on a fixed schedule.
    struct Load: Codable {
        enum Target: String, Codable { case direct, gateway }
        var target: Target
        var requests: Int
        var concurrency: Int = 1
        var rate: Int?
    }
    /// Its figures, and the CPU this process used for it (load generator and mock model server).
    struct Result: Codable {
        var latencies: [Double]   // milliseconds
        var failures: Int
        var seconds: Double
        var cpuSeconds: Double
    }

    func run() async throws {
        var logger = Logger(label: "hegui-bench-load")
        logger.logLevel = .error
        let upstreamPort = try await GatewayLoadGenerator.start { GatewayLoadGenerator.mockUpstream(logger: logger, onServerRunning: $0) }
        var input = LineChannel(reading: FileHandle.standardInput)
        try LineChannel.write(Started(upstreamPort: upstreamPort), to: FileHandle.standardOutput)
        guard let setupLine = await input.nextLine() else { return }
        let setup = try JSONDecoder().decode(Setup.self, from: Data(setupLine.utf8))

        // Each request as a bot sends it: its system prompt, then the customer's question.
        let bodies = try GatewayLoadGenerator.questions(count: 256).map { question in
            ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: [
                "model": "bench",
                "messages": [["role": "system", "content": GatewayLoadGenerator.systemPrompt], ["role": "user", "content": question]],
            ]))
        }
        let direct = Target(url: "http://127.0.0.1:\(upstreamPort)/v1/chat/completions", headers: [("Content-Type", "application/json")], bodies: bodies)
        let gateway = Target(url: "http://127.0.0.1:\(setup.gatewayPort)/v1/chat/completions",
                             headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(setup.apiKey)")], bodies: bodies)
        // One client for every run: its connections stay open from the warm-up on, as a bot's do.
        let client = UpstreamHTTPClient()
        while let line = await input.nextLine() {
            let load = try JSONDecoder().decode(Load.self, from: Data(line.utf8))
            let target = load.target == .direct ? direct : gateway
            let cpuBefore = ProcessUsage.cpuSeconds()
            let run = if let rate = load.rate {
                await GatewayLoadGenerator.openLoop(target, client: client, rate: rate, count: load.requests)
            } else {
                try await GatewayLoadGenerator.closedLoop(target, client: client, requests: load.requests, concurrency: load.concurrency)
            }
            try LineChannel.write(Result(latencies: run.latencies, failures: run.failures, seconds: run.seconds,
                                         cpuSeconds: ProcessUsage.cpuSeconds() - cpuBefore), to: FileHandle.standardOutput)
        }
    }

    /// Where requests go and what they carry: request `n` sends `bodies[n % bodies.count]`.
    struct Target: Sendable {
        var url: String
        var headers: [(String, String)]
        var bodies: [ByteBuffer]

        func body(_ number: Int) -> ByteBuffer { bodies[number % bodies.count] }
    }

    struct Run {
        var latencies: [Double]   // milliseconds
        var failures: Int
        var seconds: Double
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

    /// A bank customer-service bot's system prompt, sent with every request (about 500 bytes).
    static let systemPrompt = "你是某商业银行的在线客服助手。请只依据检索到的监管规定和本行业务规则回答客户问题，回答分为两部分：先写【政策依据】，引用规定名称和条款编号；"
        + "再写【简明解释】，用通俗的语言说明客户需要怎么做。不要使用口语化的称呼，不要承诺收益，不要索要或复述客户的身份证号、银行卡号、密码和验证码。"
        + "遇到无法确定的问题，请建议客户拨打官方客服热线或前往网点咨询。"

    /// `count` requests, `concurrency` at a time.
    static func closedLoop(_ target: Target, client: UpstreamHTTPClient, requests count: Int, concurrency: Int) async throws -> Run {
        let clock = ContinuousClock()
        let started = clock.now
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
    ///
    /// Each request's task is started at its time by one pacing loop. Creating all of them up
    /// front took some 45 ms, so the first fifty requests were sent late and counted 20–45 ms
    /// each: the load generator's own delay, about 1% of a 5-second run, so it set the p99.
    static func openLoop(_ target: Target, client: UpstreamHTTPClient, rate: Int, count: Int) async -> Run {
        let clock = ContinuousClock()
        let interval = Duration.seconds(1) / rate
        let started = clock.now + .milliseconds(5)
        let results = await withTaskGroup(of: (Double, Bool).self) { group in
            for index in 0..<count {
                let scheduled = started + interval * index
                try? await Task.sleep(until: scheduled, clock: clock)
                group.addTask {
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
            let citation = data.withUnsafeReadableBytes { raw in GatewayLoadGenerator.firstClauseCitation(in: raw) } ?? "《未知》第一条"
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
