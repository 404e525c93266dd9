import Foundation
@testable import Gateway
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Collects every log line in memory, at every level.
final class RecordingLogHandler: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        lock.withLock { storage.append("\(event.level) \(event.message) \(all) \(event.error.map { "\($0)" } ?? "")") }
    }

    var lines: [String] { lock.withLock { storage } }
}

@Suite("Process logs")
struct LogCanaryTests {
    @Test("at trace level, the logs of chats, streams, refusals and scrubs carry ids and counts, never the personal values")
    func noPIIInLogs() async throws {
        let fixture = try await GatewayFixture.make()
        let handler = RecordingLogHandler()
        let logger = Logger(label: "hegui-canary") { _ in handler }
        let canaries = ["13987654321", "11010519491231002X", "canary.person@example.com"]
        let dataKey = try APIKeyStore(path: fixture.data.apiKeysPath).create(principal: Principal(name: "data-canary", role: .data, routes: []))
        try await fixture.server.application(logger: logger).test(.live) { client in
            for canary in canaries {
                let question = "我的信息是\(canary)，银行卡丢了怎么挂失？"
                _ = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.authorization: "Bearer \(fixture.apiKey)"],
                                             body: ChatCompletionEndToEndTests.chatBody(question))
                let stream: [String: Any] = ["model": "cs", "stream": true, "messages": [["role": "user", "content": question]]]
                _ = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.authorization: "Bearer \(fixture.apiKey)"],
                                             body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: stream)))
                _ = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: [.authorization: "Bearer \(fixture.apiKey)"],
                                             body: ByteBuffer(string: "{\"model\": \"cs\", \"messages\": \"\(canary)\"}"))
                _ = try await client.execute(uri: "/v1/scrub", method: .post, headers: [.authorization: "Bearer \(dataKey)"],
                                             body: ByteBuffer(string: "{\"records\": [{\"text\": \"\(canary)\"}]}"))
            }
        }
        let lines = handler.lines
        #expect(lines.contains { $0.contains("audit_id") }, "the exchanges were logged at all")
        for canary in canaries {
            #expect(!lines.contains { $0.contains(canary) }, "\(canary) in the logs")
        }
    }
}

@Suite("Log lines")
struct LineLogHandlerTests {
    struct Refused: Error {}

    @Test("one line: time, level, label, metadata sorted with the record's own winning, the error, source, message")
    func format() {
        var handler = LineLogHandler(label: "hegui", metadataProvider: Logger.MetadataProvider { ["trace_id": "t1"] })
        handler[metadataKey: "request_id"] = "r1"
        handler[metadataKey: "route"] = "cs"
        let event = LogEvent(level: .info, message: "exchange", error: Refused(), metadata: ["route": "cards", "audit_id": "a1"],
                             source: "Gateway", file: #fileID, function: #function, line: #line)
        #expect(handler.line(for: event, time: "T") == "T info hegui: audit_id=a1 error.message=Refused() error.type=GatewayTests.LineLogHandlerTests.Refused "
                + "request_id=r1 route=cards trace_id=t1 [Gateway] exchange\n")
        handler.metadata = [:]
        let bare = LogEvent(level: .error, message: "down", metadata: nil, source: "X", file: #fileID, function: #function, line: #line)
        #expect(LineLogHandler(label: "b").line(for: bare, time: "T") == "T error b: [X] down\n")
    }
}
