import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 client for on-premise upstreams (embedding and model servers): keep-alive
/// connections reused across requests, a deadline for the whole exchange, the response body
/// collected up to a limit.
///
/// Plain `http://` only: upstreams sit on the bank's internal network, or behind a local
/// TLS-terminating sidecar. It is built on the SwiftNIO modules the server already uses, so it adds
/// nothing to the build (a full client library brought a second BoringSSL and ~5 build minutes).
///
/// A connection goes back to the client's pool when a response ends cleanly and the server allows
/// keep-alive; one that times out, is cut, or is abandoned by its reader is closed. A request sent
/// on a reused connection that the server closes or resets before answering (its idle timeout raced with
/// our request) is sent once more on a new connection. Copies of a client share one pool.
public struct UpstreamHTTPClient: Sendable {
    public struct Response: Sendable {
        public var status: HTTPResponseStatus
        public var body: ByteBuffer
    }

    private let pool: UpstreamConnectionPool

    /// - Parameter maxIdleConnectionsPerServer: idle keep-alive connections kept per host and port.
    ///   It should cover the peak number of requests in flight to one upstream: a connection
    ///   returned when this many are idle is closed, and the next request beyond it opens a new one
    ///   (a TCP handshake and a channel set-up on top of the request).
    public init(maxIdleConnectionsPerServer: Int = 256) {
        pool = UpstreamConnectionPool(maxIdlePerOrigin: maxIdleConnectionsPerServer)
    }

    /// Connections this client has opened so far (tests and benchmarks read it to see reuse).
    public var connectionsOpened: Int { pool.opened }

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
        let (target, head) = try request(url, headers: headers, body: body)
        return try await onConnection(to: target, url: url, timeout: timeout) { connection in
            // Collected on the event loop: the waiting task wakes once, when the response has ended.
            let response = connection.channel.eventLoop.makePromise(of: Response.self)
            start(head, body: body, on: connection, delivery: .collected(response), url: url, timeout: timeout, limit: maxResponseBytes)
            return try await response.futureResult.get()
        }
    }

    /// POSTs `body` to `url` and returns as soon as the response head arrives; the body follows as
    /// an async sequence. `timeout` bounds the whole exchange, body included.
    public func streamingPost(_ url: String, headers: [(String, String)], body: ByteBuffer, timeout: TimeAmount,
                              maxResponseBytes: Int = 64 << 20) async throws -> StreamingResponse {
        let (target, head) = try request(url, headers: headers, body: body)
        return try await onConnection(to: target, url: url, timeout: timeout) { connection in
            let channel = connection.channel
            let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
            let status = channel.eventLoop.makePromise(of: HTTPResponseStatus.self)
            let exchange = start(head, body: body, on: connection, delivery: .streamed(head: status, body: continuation),
                                 url: url, timeout: timeout, limit: maxResponseBytes)
            continuation.onTermination = { _ in
                // A reader that stops early leaves the response unread: that connection cannot be reused.
                channel.eventLoop.execute { connection.handler.value.abandon(exchange, UpstreamHTTPError.closedEarly) }
            }
            do {
                return StreamingResponse(status: try await status.futureResult.get(), body: stream)
            } catch {
                continuation.finish(throwing: error)
                throw error
            }
        }
    }

    /// The parsed URL and the request head.
    private func request(_ url: String, headers: [(String, String)], body: ByteBuffer) throws -> (Target, HTTPRequestHead) {
        let target = try pool.target(url)
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target.path)
        head.headers.add(name: "Host", value: target.hostHeader)
        head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        return (target, head)
    }

    /// Runs `exchange` on an idle connection to `target` if there is one. If that connection turns
    /// out to be closed before answering, or a connection closes before the request could be written
    /// on it, the exchange runs again on a new connection (at most three new ones).
    private func onConnection<T>(to target: Target, url: String, timeout: TimeAmount,
                                 _ exchange: (UpstreamConnection) async throws -> T) async throws -> T {
        if let idle = pool.take(target.origin, preferring: MultiThreadedEventLoopGroup.currentEventLoop) {
            do {
                return try await exchange(idle)
            } catch is ClosedBeforeResponse {
                // The server closed the idle connection before reading the request: send it again.
            }
        }
        var attempt = 0
        while true {
            attempt += 1
            let connection = try await connect(target, url: url, timeout: timeout)
            do {
                return try await exchange(connection)
            } catch let closed as ClosedBeforeResponse {
                if closed.requestWritten || attempt >= 3 { throw UpstreamHTTPError.closedEarly }
            }
        }
    }

    /// Arms the deadline and writes the request on the connection's event loop, without waiting
    /// for it there; returns the exchange's number.
    @discardableResult
    private func start(_ head: HTTPRequestHead, body: ByteBuffer, on connection: UpstreamConnection,
                       delivery: UpstreamResponseHandler.Delivery, url: String, timeout: TimeAmount, limit: Int) -> Int {
        let number = pool.nextExchangeNumber()
        let pool = self.pool
        let channel = connection.channel
        channel.eventLoop.execute {
            let deadline = channel.eventLoop.scheduleTask(in: timeout) {
                connection.handler.value.abandon(UpstreamHTTPError.timeout(url: url, seconds: Double(timeout.nanoseconds) / 1e9))
            }
            connection.handler.value.begin(number, delivery: delivery, limit: limit, deadline: deadline) { pool.put(connection) }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        return number
    }

    private func connect(_ target: Target, url: String, timeout: TimeAmount) async throws -> UpstreamConnection {
        // The handler is kept as it is created: looking it up in the pipeline afterwards fails if
        // the server has already closed the connection (and costs a trip to the event loop).
        let created = CreatedHandler()
        // On the caller's event loop when it runs on one (tasks do, in `hegui`): no thread hop
        // between the task and its connection.
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    let handler = UpstreamResponseHandler()
                    try channel.pipeline.syncOperations.addHandler(handler)
                    created.handler.withLock { $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
                }
            }
        let channel: any Channel
        do {
            // An address literal needs no resolver round trip.
            if let address = try? SocketAddress(ipAddress: target.host, port: target.port) {
                channel = try await bootstrap.connect(to: address).get()
            } else {
                channel = try await bootstrap.connect(host: target.host, port: target.port).get()
            }
        } catch {
            throw UpstreamHTTPError.connect(url: url, underlying: "\(error)")
        }
        pool.countOpened()
        // The initializer has run once the connection is established.
        guard let handler = created.handler.withLock({ $0 }) else {
            channel.close(promise: nil)
            throw UpstreamHTTPError.connect(url: url, underlying: "the connection was set up without its response handler")
        }
        return UpstreamConnection(channel: channel, origin: target.origin, handler: handler)
    }

    /// Where the channel initializer leaves the handler it created.
    private final class CreatedHandler: Sendable {
        let handler = Mutex<NIOLoopBound<UpstreamResponseHandler>?>(nil)
    }

    /// Host, port and path of an `http://` URL.
    struct Target: Sendable {
        var host: String
        var port: Int
        var path: String
        var hostHeader: String
        /// `host:port`: connections are pooled per origin.
        var origin: String { "\(host):\(port)" }

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
