import Synchronization

/// Hit rows (clause text with its document's title, dates and version) already read, for one index
/// version. A row never changes within a version, so a clause found again is served from memory;
/// with its postings cached too, a search needs no database transaction at all. Belongs to a
/// ``ServedChunks`` snapshot like ``PostingsCache``; at most `capacity` rows, emptied when full.
final class HitCache: Sendable {
    private let rows = Mutex([Int64: RetrievalHit]())
    /// Most rows held at once.
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The cached row of chunk `id`, or nil.
    func hit(_ id: Int64) -> RetrievalHit? {
        rows.withLock { $0[id] }
    }

    func store(_ hit: RetrievalHit, for id: Int64) {
        rows.withLock { rows in
            if rows.count >= capacity { rows.removeAll(keepingCapacity: true) }
            rows[id] = hit
        }
    }

    /// Rows held (tests read it).
    var count: Int { rows.withLock { $0.count } }
}
