import Synchronization

/// Recently searched tokens' postings, for one index version: the served positions holding the
/// token and how often it occurs there (1…4, as the `tf2`…`tf4` columns tell).
///
/// Customer-service questions reuse a small vocabulary (信用卡, 年费, 挂失…), and every FTS5 query
/// has a fixed cost of 10–80 µs, which on a small index was most of a search: a question of 8 tokens
/// made up to 32 queries. A token looked up before costs one dictionary lookup instead. The cache
/// belongs to a ``ServedChunks`` snapshot, so a sync (a new index version) starts an empty one.
/// Bounded by `capacity` postings in all; when full it is emptied and refills with what is asked.
final class PostingsCache: Sendable {
    /// One token's postings, ascending position.
    struct Postings: Sendable {
        var positions: [Int32]
        /// Occurrences in the chunk at the same index of ``positions``, capped at 4.
        var frequencies: [UInt8]
    }

    private struct State {
        var byToken: [String: Postings] = [:]
        var held = 0
    }

    private let state = Mutex(State())
    /// Most postings held at once (5 bytes each).
    let capacity: Int

    init(capacity: Int = 2_000_000) {
        self.capacity = capacity
    }

    /// The cached postings of `token`, or nil.
    func postings(of token: String) -> Postings? {
        state.withLock { $0.byToken[token] }
    }

    /// Keeps `postings` for `token`; a list larger than the whole capacity is not kept.
    func store(_ postings: Postings, for token: String) {
        guard postings.positions.count <= capacity else { return }
        state.withLock { state in
            if state.held + postings.positions.count > capacity {
                state.byToken.removeAll(keepingCapacity: true)
                state.held = 0
            }
            if let previous = state.byToken.updateValue(postings, forKey: token) { state.held -= previous.positions.count }
            state.held += postings.positions.count
        }
    }

    /// Tokens and postings held (tests read it).
    var size: (tokens: Int, postings: Int) { state.withLock { ($0.byToken.count, $0.held) } }
}
