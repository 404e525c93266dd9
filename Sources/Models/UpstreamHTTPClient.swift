import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 client for on-premise upstreams (embedding and model servers): one connection
/// per request, a deadline for the whole exchange, the response body collected up to a limit.
///
/// Plain `http://` only: upstreams sit on the bank's internal network, or behind a local
/// TLS-terminating sidecar. It is built on the SwiftNIO modules the server already uses, so it adds
/// nothing to the build (a full client library brought a second BoringSSL and ~5 build minutes).
public struct UpstreamHTTPClient: Sendable {
    public struct Response: Sendable {
        public var status: HTTPResponseStatus
        public var body: ByteBuffer
    }

    public init() {}

    /// A response whose body arrives piece by piece (server-sent events from a model server).
    public struct StreamingResponse: Sendable {
        public var status: HTTPResponseStatus
        /// The body as it arrives; ends with the response, throws on a cut connection or the deadline.
        /// Stopping iteration closes the connection.
        public var body: AsyncThrowingStream<ByteBuffer, any Error>
    }

    /// POSTs `body` to `url` and returns the response, or throws ``UpstreamHTTPError``.
    public func post(_ url: String, headers: [(String, String)], body: ByteBuffer, timeout: TimeAmount,
                     maxResponseBytes: Int = 64 << 20) async throws -> Response {
        let streaming = try await streamingPost(url, headers: headers, body: body, timeout: timeout, maxResponseBytes: maxResponseBytes)
        var collected = ByteBuffer()
        for try await var part in streaming.body { collected.writeBuffer(&part) }
        return Response(status: streaming.status, body: collected)
    }

    /// POSTs `body` to `url` and returns as soon as the response head arrives; the body follows as
    /// an async sequence. `timeout` bounds the whole exchange, body included.
    public func streamingPost(_ url: String, headers: [(String, String)], body: ByteBuffer, timeout: TimeAmount,
                              maxResponseBytes: Int = 64 << 20) async throws -> StreamingResponse {
        let target = try Target(url)
        let group = MultiThreadedEventLoopGroup.singleton
        let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let head = group.next().makePromise(of: HTTPResponseStatus.self)
        let channel: any Channel
        do {
            let bootstrap = ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(StreamingResponseHandler(head: head, body: continuation, limit: maxResponseBytes))
                    }
                }
            // An address literal needs no resolver round trip.
            if let address = try? SocketAddress(ipAddress: target.host, port: target.port) {
                channel = try await bootstrap.connect(to: address).get()
            } else {
                channel = try await bootstrap.connect(host: target.host, port: target.port).get()
            }
        } catch {
            head.fail(error)
            continuation.finish(throwing: error)
            throw UpstreamHTTPError.connect(url: url, underlying: "\(error)")
        }
        let deadline = channel.eventLoop.scheduleTask(in: timeout) {
            let error = UpstreamHTTPError.timeout(url: url, seconds: Double(timeout.nanoseconds) / 1e9)
            head.fail(error)
            continuation.finish(throwing: error)
            channel.close(promise: nil)
        }
        continuation.onTermination = { _ in
            deadline.cancel()
            channel.close(promise: nil)
        }
        var requestHead = HTTPRequestHead(version: .http1_1, method: .POST, uri: target.path)
        requestHead.headers.add(name: "Host", value: target.hostHeader)
        requestHead.headers.add(name: "Content-Length", value: String(body.readableBytes))
        requestHead.headers.add(name: "Connection", value: "close")
        for (name, value) in headers { requestHead.headers.add(name: name, value: value) }
        channel.write(HTTPClientRequestPart.head(requestHead), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        do {
            return StreamingResponse(status: try await head.futureResult.get(), body: stream)
        } catch {
            continuation.finish(throwing: error)
            throw error
        }
    }

    /// Host, port and path of an `http://` URL.
    struct Target {
        var host: String
        var port: Int
        var path: String
        var hostHeader: String

        init(_ url: String) throws {
            guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
                throw UpstreamHTTPError.badURL(url: url, problem: "not a URL with a host")
            }
            guard components.scheme == "http" else {
                throw UpstreamHTTPError.badURL(url: url, problem: "only http:// upstreams are supported; put a local TLS sidecar in front of an https server")
            }
            self.host = host
            port = components.port ?? 80
            let query = components.percentEncodedQuery.map { "?" + $0 } ?? ""
            path = (components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath) + query
            hostHeader = components.port.map { "\(host):\($0)" } ?? host
        }
    }
}

/// Why an upstream request failed; each case names the URL.
public enum UpstreamHTTPError: Error, CustomStringConvertible {
    case badURL(url: String, problem: String)
    case connect(url: String, underlying: String)
    case timeout(url: String, seconds: Double)
    case responseTooLarge(limit: Int)
    case closedEarly

    public var description: String {
        switch self {
        case let .badURL(url, problem): "upstream URL \(url): \(problem)"
        case let .connect(url, underlying): "cannot connect to \(url): \(underlying)"
        case let .timeout(url, seconds): "\(url) did not answer within \(seconds) s"
        case let .responseTooLarge(limit): "upstream response larger than \(limit) bytes"
        case .closedEarly: "upstream closed the connection before the response was complete"
        }
    }
}

/// Completes the head promise with the status, then passes body parts on as they arrive.
private final class StreamingResponseHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let head: EventLoopPromise<HTTPResponseStatus>
    private let body: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
    private let limit: Int
    private var received = 0
    private var done = false

    init(head: EventLoopPromise<HTTPResponseStatus>, body: AsyncThrowingStream<ByteBuffer, any Error>.Continuation, limit: Int) {
        self.head = head
        self.body = body
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        switch unwrapInboundIn(data) {
        case let .head(response):
            head.succeed(response.status)
        case let .body(part):
            received += part.readableBytes
            guard received <= limit else {
                finish(UpstreamHTTPError.responseTooLarge(limit: limit), context: context)
                return
            }
            body.yield(part)
        case .end:
            finish(nil, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(error, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(UpstreamHTTPError.closedEarly, context: context)
    }

    private func finish(_ error: (any Error)?, context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        if let error {
            head.fail(error)
            body.finish(throwing: error)
        } else {
            body.finish()
        }
        context.close(promise: nil)
    }
}
