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

    /// POSTs `body` to `url` and returns the response, or throws ``UpstreamHTTPError``.
    public func post(_ url: String, headers: [(String, String)], body: ByteBuffer, timeout: TimeAmount,
                     maxResponseBytes: Int = 64 << 20) async throws -> Response {
        let target = try Target(url)
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: Response.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ResponseCollector(promise: promise, limit: maxResponseBytes))
                    }
                }
                .connect(host: target.host, port: target.port).get()
        } catch {
            promise.fail(error)
            throw UpstreamHTTPError.connect(url: url, underlying: "\(error)")
        }
        let deadline = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(UpstreamHTTPError.timeout(url: url, seconds: Double(timeout.nanoseconds) / 1e9))
            channel.close(promise: nil)
        }
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target.path)
        head.headers.add(name: "Host", value: target.hostHeader)
        head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        head.headers.add(name: "Connection", value: "close")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        return try await promise.futureResult.get()
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

/// Collects one HTTP response and completes the promise with it (or with the error).
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<UpstreamHTTPClient.Response>
    private let limit: Int
    private var status: HTTPResponseStatus?
    private var body = ByteBuffer()
    private var done = false

    init(promise: EventLoopPromise<UpstreamHTTPClient.Response>, limit: Int) {
        self.promise = promise
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        switch unwrapInboundIn(data) {
        case let .head(head):
            status = head.status
        case var .body(part):
            guard body.readableBytes + part.readableBytes <= limit else {
                finish(.failure(UpstreamHTTPError.responseTooLarge(limit: limit)), context: context)
                return
            }
            body.writeBuffer(&part)
        case .end:
            finish(.success(UpstreamHTTPClient.Response(status: status ?? .internalServerError, body: body)), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(UpstreamHTTPError.closedEarly), context: context)
    }

    private func finish(_ result: Result<UpstreamHTTPClient.Response, any Error>, context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
        context.close(promise: nil)
    }
}
