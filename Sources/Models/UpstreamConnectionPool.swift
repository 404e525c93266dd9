import NIOCore
import Synchronization

/// An open connection to an upstream, with the handler that routes its responses.
struct UpstreamConnection: Sendable {
    let channel: any Channel
    /// `host:port` the connection goes to.
    let origin: String
    let handler: NIOLoopBound<UpstreamResponseHandler>
}

/// Idle keep-alive connections by origin, and parsed URLs (a chat backend posts to the same URL
/// every time; `URLComponents` parsing cost more than the rest of the request set-up).
final class UpstreamConnectionPool: Sendable {
    private struct State {
        var idle: [String: [UpstreamConnection]] = [:]
        var targets: [String: UpstreamHTTPClient.Target] = [:]
        var opened = 0
        var exchanges = 0
    }

    private let state = Mutex(State())
    let maxIdlePerOrigin: Int

    init(maxIdlePerOrigin: Int) {
        self.maxIdlePerOrigin = maxIdlePerOrigin
    }

    var opened: Int { state.withLock { $0.opened } }

    func countOpened() { state.withLock { $0.opened += 1 } }

    /// A number no other exchange of this client has, so a late cancellation finds only its own.
    func nextExchangeNumber() -> Int { state.withLock { $0.exchanges += 1; return $0.exchanges } }

    /// `url` parsed, from the cache when it was seen before (at most 256 URLs are kept).
    func target(_ url: String) throws -> UpstreamHTTPClient.Target {
        if let known = state.withLock({ $0.targets[url] }) { return known }
        let target = try UpstreamHTTPClient.Target(url)
        state.withLock { state in
            if state.targets.count >= 256 { state.targets.removeAll() }
            state.targets[url] = target
        }
        return target
    }

    /// An idle connection to `origin` that is still open: one served by `loop` if any of the most
    /// recently used few is (the caller then writes and reads on its own thread), else the most
    /// recently used.
    func take(_ origin: String, preferring loop: (any EventLoop)?) -> UpstreamConnection? {
        state.withLock { state in
            guard var idle = state.idle.removeValue(forKey: origin) else { return nil }
            defer { state.idle[origin] = idle }
            var index = idle.count - 1, looked = 0
            while let loop, index >= 0, looked < 8 {
                if !idle[index].channel.isActive {
                    idle.remove(at: index)
                } else if idle[index].channel.eventLoop === loop {
                    return idle.remove(at: index)
                } else {
                    looked += 1
                }
                index -= 1
            }
            while let connection = idle.popLast() {
                if connection.channel.isActive { return connection }
            }
            return nil
        }
    }

    /// Keeps `connection` for the next request to its origin, or closes it when enough are idle.
    func put(_ connection: UpstreamConnection) {
        let kept = state.withLock { state -> Bool in
            guard connection.channel.isActive, state.idle[connection.origin, default: []].count < maxIdlePerOrigin else { return false }
            state.idle[connection.origin, default: []].append(connection)
            return true
        }
        if !kept { connection.channel.close(promise: nil) }
    }
}
