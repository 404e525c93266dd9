import Foundation

/// Results written by index from parallel workers (each index by exactly one worker) and read back
/// in order once all are done.
public final class OrderedSlots<Value: Sendable>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    public init(count: Int) { storage = Array(repeating: nil, count: count) }

    public func set(_ index: Int, _ value: Value) {
        lock.withLock { storage[index] = value }
    }

    /// All values in index order; call after every index was set.
    public var values: [Value] { lock.withLock { storage.map { $0! } } }
}
