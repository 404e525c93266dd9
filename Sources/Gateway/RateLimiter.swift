import Foundation

/// Per-key token buckets: each key may make `burst` requests at once and `requestsPerSecond` on
/// average. A refused request learns how long to wait (`Retry-After`).
public final class RateLimiter: @unchecked Sendable {
    /// A bucket's settings.
    public struct Limit: Sendable, Codable, Equatable {
        public var requestsPerSecond: Double
        public var burst: Double

        public init(requestsPerSecond: Double, burst: Double) {
            self.requestsPerSecond = requestsPerSecond
            self.burst = burst
        }

        enum CodingKeys: String, CodingKey { case requestsPerSecond = "requests_per_second", burst }
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]
    private let clock = ContinuousClock()

    public init() {}

    /// Takes one token from `key`'s bucket; returns nil if allowed, else the seconds to wait.
    public func acquire(key: String, limit: Limit) -> Int? {
        let now = clock.now
        return lock.withLock {
            var bucket = buckets[key] ?? Bucket(tokens: limit.burst, updated: now)
            let elapsed = Double((now - bucket.updated) / .microseconds(1)) / 1e6
            bucket.tokens = min(limit.burst, bucket.tokens + elapsed * limit.requestsPerSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / max(limit.requestsPerSecond, 1e-6)).rounded(.up)))
        }
    }
}
