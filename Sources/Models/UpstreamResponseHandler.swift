import NIOCore
import NIOHTTP1

/// Routes the responses arriving on one upstream connection to the request waiting for them:
/// either streamed (the status as soon as the head arrives, then body parts as they come) or
/// collected (one answer when the response has ended, one wake-up for the waiting task).
///
/// Lives on the connection's event loop. One exchange at a time (no pipelining); when a response
/// ends and the server allows keep-alive, `reusable` hands the connection back to the pool.
final class UpstreamResponseHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    /// Where a response goes.
    enum Delivery: Sendable {
        case streamed(head: EventLoopPromise<HTTPResponseStatus>, body: AsyncThrowingStream<ByteBuffer, any Error>.Continuation)
        case collected(EventLoopPromise<UpstreamHTTPClient.Response>)
    }

    private struct Exchange {
        let number: Int
        let delivery: Delivery
        let limit: Int
        let deadline: Scheduled<Void>
        let reusable: () -> Void
        var status: HTTPResponseStatus?
        var collected = ByteBuffer()
        var received = 0
        var keepAlive = false
    }

    private var exchange: Exchange?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Starts exchange `number`, or fails it at once when the connection has already closed.
    func begin(_ number: Int, delivery: Delivery, limit: Int, deadline: Scheduled<Void>, reusable: @escaping () -> Void) {
        exchange = Exchange(number: number, delivery: delivery, limit: limit, deadline: deadline, reusable: reusable)
        if context?.channel.isActive != true { finish(ClosedBeforeResponse(requestWritten: false)) }
    }

    /// Ends the current exchange with `error` and closes the connection.
    func abandon(_ error: any Error) {
        finish(error)
    }

    /// Ends exchange `number` with `error` if it is still running (its reader went away early).
    func abandon(_ number: Int, _ error: any Error) {
        guard exchange?.number == number else { return }
        finish(error)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var current = exchange else { return }
        switch unwrapInboundIn(data) {
        case let .head(response):
            current.keepAlive = response.isKeepAlive
            current.status = response.status
            exchange = current
            if case let .streamed(head, _) = current.delivery { head.succeed(response.status) }
        case var .body(part):
            current.received += part.readableBytes
            guard current.received <= current.limit else {
                finish(UpstreamHTTPError.responseTooLarge(limit: current.limit))
                return
            }
            switch current.delivery {
            case let .streamed(_, body):
                exchange = current
                body.yield(part)
            case .collected:
                exchange = nil   // keeps `collected` uniquely referenced while it grows
                current.collected.writeBuffer(&part)
                exchange = current
            }
        case .end:
            exchange = nil
            current.deadline.cancel()
            // Back to the pool before the waiting task wakes, so its next request finds it there.
            if current.keepAlive { current.reusable() } else { context.close(promise: nil) }
            switch current.delivery {
            case let .streamed(_, body): body.finish()
            case let .collected(promise): promise.succeed(.init(status: current.status ?? .ok, body: current.collected))
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset before any of the response arrived is the same race as a quiet close: a server
        // that dropped a kept-alive connection answers the request sent on it with RST.
        if let current = exchange, current.status == nil, error is IOError {
            finish(ClosedBeforeResponse(requestWritten: true))
        } else {
            finish(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(exchange?.status == nil ? ClosedBeforeResponse(requestWritten: true) : UpstreamHTTPError.closedEarly)
        context.fireChannelInactive()
    }

    /// Fails the current exchange, if any, and closes the connection.
    private func finish(_ error: any Error) {
        if let current = exchange {
            exchange = nil
            current.deadline.cancel()
            switch current.delivery {
            case let .streamed(head, body):
                head.fail(error)
                body.finish(throwing: error)
            case let .collected(promise):
                promise.fail(error)
            }
        }
        context?.close(promise: nil)
    }
}

/// The connection closed before any of the response arrived. When the request was never written,
/// or the connection was a reused one (the server's keep-alive timeout raced with our request), the
/// request can be sent again on a new connection.
struct ClosedBeforeResponse: Error {
    /// False when the connection was already closed as the exchange began: nothing was sent.
    var requestWritten: Bool
}
