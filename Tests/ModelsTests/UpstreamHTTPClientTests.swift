import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOPosix
import Testing
@testable import Models

/// Requests that should succeed get 60 s: the in-process test server answers on the same small
/// thread pool as every other test of the run, and on two busy cores it can wait many seconds
/// (5 s deadlines failed 3 full runs in 8). Tests of the deadline itself keep short ones.
@Suite("Upstream HTTP client")
struct UpstreamHTTPClientTests {
    static func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let auth = request.headers[.authorization] ?? ""
            return Response(status: .accepted, headers: [.contentType: "text/plain"],
                            body: .init(byteBuffer: ByteBuffer(string: auth + "|" + String(buffer: body))))
        }
        router.post("slow") { _, _ -> Response in
            try await Task.sleep(for: .seconds(4))
            return Response(status: .ok)
        }
        router.post("close") { _, _ -> Response in
            Response(status: .ok, headers: [.connection: "close"], body: .init(byteBuffer: ByteBuffer(string: "bye")))
        }
        router.post("big") { _, _ -> Response in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: 0x41, count: 200_000)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    @Test("Posts headers and body and returns status and body from a live server")
    func roundTrip() async throws {
        try await Self.application().test(.live) { client in
            let response = try await UpstreamHTTPClient().post("http://127.0.0.1:\(client.port!)/echo",
                                                               headers: [("Authorization", "Bearer k")],
                                                               body: ByteBuffer(string: "你好"), timeout: .seconds(60))
            #expect(response.status == .accepted)
            #expect(String(buffer: response.body) == "Bearer k|你好")
        }
    }

    @Test("Sequential requests reuse one keep-alive connection; a server that says close gets a new one each time")
    func keepAlive() async throws {
        try await Self.application().test(.live) { client in
            let upstream = UpstreamHTTPClient()
            for number in 0..<5 {
                let response = try await upstream.post("http://127.0.0.1:\(client.port!)/echo", headers: [],
                                                        body: ByteBuffer(string: "n\(number)"), timeout: .seconds(60))
                #expect(String(buffer: response.body) == "|n\(number)")
            }
            #expect(upstream.connectionsOpened == 1)
            let closing = UpstreamHTTPClient()
            for _ in 0..<3 {
                let response = try await closing.post("http://127.0.0.1:\(client.port!)/close", headers: [], body: ByteBuffer(), timeout: .seconds(60))
                #expect(String(buffer: response.body) == "bye")
            }
            #expect(closing.connectionsOpened == 3)
            // A connection whose response timed out is not reused: the next request gets a fresh one.
            let impatient = UpstreamHTTPClient()
            _ = try? await impatient.post("http://127.0.0.1:\(client.port!)/slow", headers: [], body: ByteBuffer(), timeout: .milliseconds(500))
            let after = try await impatient.post("http://127.0.0.1:\(client.port!)/echo", headers: [], body: ByteBuffer(string: "x"), timeout: .seconds(60))
            #expect(String(buffer: after.body) == "|x")
            #expect(impatient.connectionsOpened == 2)
        }
    }

    @Test("A server that drops each connection right after answering (without saying so): every request still succeeds")
    func serverDropsConnections() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(AnswerThenCloseHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        let upstream = UpstreamHTTPClient()
        for number in 0..<5 {
            // Whether the client sees the close before reusing the connection or only when it
            // sends on it, the request must go out again on a new connection and be answered.
            let response = try await upstream.post("http://127.0.0.1:\(port)/echo", headers: [],
                                                    body: ByteBuffer(string: "r\(number)"), timeout: .seconds(60))
            #expect(String(buffer: response.body) == "r\(number)")
        }
        #expect(upstream.connectionsOpened == 5)
        try await server.close()
    }

    @Test("A reset before the response head means the request may go again; a reset midway is an error")
    func resetBeforeAndAfterHead() throws {
        let reset = IOError(errnoCode: ECONNRESET, reason: "read(descriptor:pointer:size:)")
        for headFirst in [false, true] {
            let channel = EmbeddedChannel()
            let handler = UpstreamResponseHandler()
            try channel.pipeline.syncOperations.addHandler(handler)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
            let response = channel.eventLoop.makePromise(of: UpstreamHTTPClient.Response.self)
            let deadline = channel.eventLoop.scheduleTask(in: .seconds(60)) {}
            handler.begin(1, delivery: .collected(response), limit: 1 << 20, deadline: deadline) {}
            if headFirst {
                try channel.writeInbound(HTTPClientResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
            }
            channel.pipeline.fireErrorCaught(reset)
            do {
                _ = try response.futureResult.wait()
                Issue.record("the exchange should have failed")
            } catch let closed as ClosedBeforeResponse {
                #expect(!headFirst, "a reset after the head must not be retried")
                #expect(closed.requestWritten)
            } catch let error as IOError {
                #expect(headFirst, "a reset before the head should be retried, not reported")
                #expect(error.errnoCode == ECONNRESET)
            }
            #expect(!channel.isActive)
        }
    }

    @Test("An idle connection on the caller's own event loop is preferred; closed ones are dropped")
    func prefersConnectionOnCallersLoop() throws {
        let pool = UpstreamConnectionPool(maxIdlePerOrigin: 8)
        func connection() throws -> UpstreamConnection {
            let channel = EmbeddedChannel()
            let handler = UpstreamResponseHandler()
            try channel.pipeline.syncOperations.addHandler(handler)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
            return UpstreamConnection(channel: channel, origin: "127.0.0.1:9", handler: NIOLoopBound(handler, eventLoop: channel.eventLoop))
        }
        let first = try connection(), second = try connection(), closed = try connection()
        for idle in [first, second, closed] { pool.put(idle) }
        try closed.channel.close().wait()
        #expect(pool.take("127.0.0.1:9", preferring: first.channel.eventLoop)?.channel === first.channel)
        // No loop preferred (a caller off the event loops): the most recent open one.
        pool.put(first)
        #expect(pool.take("127.0.0.1:9", preferring: nil)?.channel === first.channel)
        #expect(pool.take("127.0.0.1:9", preferring: first.channel.eventLoop)?.channel === second.channel)
        #expect(pool.take("127.0.0.1:9", preferring: nil) == nil)
    }

    @Test("Concurrent requests each get their own connection and their own answer")
    func concurrent() async throws {
        try await Self.application().test(.live) { client in
            let upstream = UpstreamHTTPClient()
            let port = client.port!
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 0..<40 {
                    group.addTask {
                        let response = try await upstream.post("http://127.0.0.1:\(port)/echo", headers: [],
                                                                body: ByteBuffer(string: "c\(number)"), timeout: .seconds(60))
                        #expect(String(buffer: response.body) == "|c\(number)")
                    }
                }
                try await group.waitForAll()
            }
            #expect(upstream.connectionsOpened <= 40)
        }
    }

    @Test("A slow upstream hits the deadline; an oversized body is refused; each error names what happened")
    func failures() async throws {
        try await Self.application().test(.live) { client in
            // The server answers after 4 s: a timeout error (not an answer) shows the deadline ended the
            // wait. No bound on the elapsed time: under a loaded test run the waiting task may resume late.
            do {
                _ = try await UpstreamHTTPClient().post("http://127.0.0.1:\(client.port!)/slow", headers: [], body: ByteBuffer(), timeout: .milliseconds(200))
                Issue.record("expected a timeout")
            } catch {
                #expect("\(error)".contains("did not answer within 0.2 s"))
            }
            do {
                _ = try await UpstreamHTTPClient().post("http://127.0.0.1:\(client.port!)/big", headers: [], body: ByteBuffer(),
                                                        timeout: .seconds(60), maxResponseBytes: 10_000)
                Issue.record("expected a size error")
            } catch {
                #expect("\(error)".contains("larger than 10000 bytes"))
            }
        }
    }

    @Test("https and malformed URLs are refused before connecting; a closed port is a connect error")
    func refusals() async throws {
        await #expect(throws: UpstreamHTTPError.self) {
            try await UpstreamHTTPClient().post("https://example.org/v1/embeddings", headers: [], body: ByteBuffer(), timeout: .seconds(1))
        }
        do {
            _ = try await UpstreamHTTPClient().post("http://127.0.0.1:1/v1", headers: [], body: ByteBuffer(), timeout: .seconds(2))
            Issue.record("expected a connect error")
        } catch {
            #expect("\(error)".contains("cannot connect to http://127.0.0.1:1/v1"))
        }
    }
}

/// Answers every request with keep-alive headers (echoing the body), then closes the connection at
/// once: the client believes it may reuse a connection the server has already dropped.
private final class AnswerThenCloseHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    private var body = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: body.clear()
        case var .body(part): body.writeBuffer(&part)
        case .end:
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: String(body.readableBytes))
            headers.add(name: "Connection", value: "keep-alive")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
