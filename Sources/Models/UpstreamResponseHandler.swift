import NIOCore
import NIOHTTP1

/// Routes the responses arriving on one upstream connection to the request waiting for them:
/// completes its status promise with the head, then passes body parts on as they arrive.
///
/// Lives on the connection's event loop. One exchange at a time (no pipelining); when a response
/// ends and the server allows keep-alive, `reusable` hands the connection back to the pool.
final class UpstreamResponseHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private struct Exchange {
        let number: Int
        let head: EventLoopPromise<HTTPResponseStatus>
        let body: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
        let limit: Int
        let deadline: Scheduled<Void>
        let reusable: () -> Void
        var received = 0
        var keepAlive = false
    }

    private var exchange: Exchange?
    private var exchanges = 0
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Starts an exchange; returns its number, which ``abandon(_:_:)`` takes.
    func begin(head: EventLoopPromise<HTTPResponseStatus>, body: AsyncThrowingStream<ByteBuffer, any Error>.Continuation,
               limit: Int, deadline: Scheduled<Void>, reusable: @escaping () -> Void) -> Int {
        exchanges += 1
        exchange = Exchange(number: exchanges, head: head, body: body, limit: limit, deadline: deadline, reusable: reusable)
        return exchanges
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
            exchange = current
            current.head.succeed(response.status)
        case let .body(part):
            current.received += part.readableBytes
            exchange = current
            guard current.received <= current.limit else {
                finish(UpstreamHTTPError.responseTooLarge(limit: current.limit))
                return
            }
            current.body.yield(part)
        case .end:
            exchange = nil
            current.deadline.cancel()
            current.body.finish()
            if current.keepAlive { current.reusable() } else { context.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(UpstreamHTTPError.closedEarly)
        context.fireChannelInactive()
    }

    /// Fails the current exchange, if any, and closes the connection.
    private func finish(_ error: any Error) {
        if let current = exchange {
            exchange = nil
            current.deadline.cancel()
            current.head.fail(error)
            current.body.finish(throwing: error)
        }
        context?.close(promise: nil)
    }
}
