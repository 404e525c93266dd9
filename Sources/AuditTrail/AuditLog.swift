import Foundation

/// The audit log as the service uses it: one sequencer in front of a ``LogStore`` that batches
/// concurrent appends into one transaction (group commit: one fsync per batch), signed checkpoints
/// every N entries (and on demand), and proofs and receipts.
///
/// A caller's ``append(_:)`` returns only after the batch holding its entry has committed.
public actor AuditLog: AuditAppender {
    public nonisolated let store: any LogStore
    public nonisolated let signer: NoteSigner?
    /// The origin line of checkpoints: the signer's key name.
    public nonisolated var origin: String? { signer?.name }
    /// A checkpoint is signed once this many entries have been appended since the last one.
    public let checkpointEvery: Int
    /// Largest number of entries written in one transaction.
    public let maxBatch: Int

    private var pending: [(entry: PreparedEntry, continuation: CheckedContinuation<AuditEntry, any Error>)] = []
    private var draining = false
    private var checkpointedSize: Int?
    /// Entries waiting for the writer, for metrics.
    public var queueDepth: Int { pending.count }
    /// Batches committed and entries in them since start, for benchmarks.
    public private(set) var batchesCommitted = 0
    public private(set) var entriesCommitted = 0
    /// Total time spent inside the store's append transactions, for benchmarks and metrics.
    public private(set) var commitTime: Duration = .zero
    /// The durations of recent commits, oldest first (the last 16,384 at least), for benchmarks:
    /// the tail that an average hides.
    public private(set) var recentCommits: [Duration] = []

    /// Told of every group commit: how long it took (fsync included) and how many entries it held.
    /// For metrics; called on the writer's task, so it must return at once.
    public nonisolated let commitObserver: (@Sendable (_ duration: Duration, _ entries: Int) -> Void)?

    public init(store: any LogStore, signer: NoteSigner?, checkpointEvery: Int = 1000, maxBatch: Int = 4096,
                commitObserver: (@Sendable (_ duration: Duration, _ entries: Int) -> Void)? = nil) {
        self.commitObserver = commitObserver
        self.store = store
        self.signer = signer
        self.checkpointEvery = max(1, checkpointEvery)
        self.maxBatch = max(1, maxBatch)
    }

    // MARK: Appending

    /// Encodes the entry in the caller's task (in parallel with other callers), then queues it for
    /// the writer and waits until its batch has committed.
    public nonisolated func append(_ entry: AuditEntry) async throws -> AuditEntry {
        try await enqueue(PreparedEntry(entry))
    }

    private func enqueue(_ prepared: PreparedEntry) async throws -> AuditEntry {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((prepared, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    /// Writes pending entries batch by batch until none are left. While one batch is being written,
    /// new appends queue up and form the next batch.
    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            do {
                let started = ContinuousClock.now
                let stored = try await store.appendBatch(batch.map(\.entry))
                let took = ContinuousClock.now - started
                commitTime += took
                recordCommit(took)
                commitObserver?(took, stored.count)
                for (request, entry) in zip(batch, stored) { request.continuation.resume(returning: entry) }
                batchesCommitted += 1
                entriesCommitted += stored.count
                if let last = stored.last, signer != nil,
                   last.sequence + 1 - (checkpointedSize ?? 0) >= checkpointEvery {
                    _ = try? await checkpoint()
                }
            } catch {
                for request in batch { request.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }

    private func recordCommit(_ duration: Duration) {
        if recentCommits.count == 32_768 { recentCommits.removeFirst(16_384) }
        recentCommits.append(duration)
    }

    // MARK: Checkpoints

    /// Signs and stores a checkpoint of the current tree if it grew since the last one; returns the
    /// latest checkpoint either way (nil for an empty log with no checkpoint).
    ///
    /// The write waits for its fsync on the store's own queue, not on the caller's thread: the
    /// gateway's tasks run on its network threads, and this is called after an append batch.
    @discardableResult
    public func checkpoint() async throws -> StoredCheckpoint? {
        guard let signer else { throw AuditLogError.noSigner }
        let size = try store.size()
        if let latest = try store.latestCheckpoint(), latest.size >= size {
            checkpointedSize = max(checkpointedSize ?? 0, latest.size)
            return latest
        }
        guard size > 0 else { return nil }
        let root = try rootHash(size: size)
        let text = Checkpoint(origin: signer.name, size: size, rootHash: root).text
        let note = try signer.sign(note: text)
        let stored = try await store.addCheckpoint(StoredCheckpoint(size: size, rootHash: root, note: note,
                                                                    createdAt: AuditLog.timestamp()))
        // Another checkpoint may have been stored while this one was written (the actor is
        // reentrant at the await): keep the larger size.
        checkpointedSize = max(checkpointedSize ?? 0, stored.size)
        return stored
    }

    /// Waits for pending appends, then checkpoints: what `hegui serve` does at shutdown.
    public func flushAndCheckpoint() async throws -> StoredCheckpoint? {
        while draining || !pending.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        return try await checkpoint()
    }

    // MARK: Proofs

    /// MTH of the first `size` entries, from O(log n) stored subtree hashes.
    public nonisolated func rootHash(size: Int) throws -> Data {
        let coordinates = MerkleFrontier.subtreeCoordinates(size: size)
        let hashes = try store.nodeHashes(coordinates)
        return MerkleFrontier(size: size, subtrees: zip(coordinates, hashes).map {
            MerkleFrontier.Node(level: $0.0.level, index: $0.0.index, hash: $0.1)
        }).rootHash
    }

    public nonisolated func inclusionProof(index: Int, size: Int) throws -> [Data] {
        let total = try store.size()
        guard size > 0, size <= total, index >= 0, index < size else { throw AuditLogError.sizeOutOfRange(requested: size, size: total) }
        let store = self.store
        return try MerkleProofBuilder().inclusionProof(index: index, size: size) { try store.nodeHashes($0) }
    }

    public nonisolated func consistencyProof(from oldSize: Int, to newSize: Int) throws -> [Data] {
        let total = try store.size()
        guard oldSize > 0, oldSize <= newSize, newSize <= total else { throw AuditLogError.sizeOutOfRange(requested: newSize, size: total) }
        let store = self.store
        return try MerkleProofBuilder().consistencyProof(from: oldSize, to: newSize) { try store.nodeHashes($0) }
    }

    /// A self-contained receipt for entry `id`: the entry, its leaf, an inclusion proof, and a
    /// signed checkpoint covering it (one is signed now if the latest does not cover the entry).
    public func receipt(id: String) async throws -> Receipt {
        guard let stored = try store.entry(id: id) else { throw AuditLogError.unknownEntry(id) }
        guard let signer else { throw AuditLogError.noSigner }
        var checkpoint = try store.latestCheckpoint()
        if checkpoint.map({ $0.size <= stored.entry.sequence }) ?? true { checkpoint = try await self.checkpoint() }
        guard let checkpoint else { throw AuditLogError.noCheckpoint(size: stored.entry.sequence + 1) }
        let proof = try inclusionProof(index: stored.entry.sequence, size: checkpoint.size)
        return Receipt(entry: stored.entry, leaf: stored.leaf.base64EncodedString(), index: stored.entry.sequence,
                       treeSize: checkpoint.size, proof: proof.map { $0.base64EncodedString() },
                       checkpoint: checkpoint.note, verifierKey: signer.verifierKey)
    }

    /// UTC now as RFC 3339 with milliseconds, the form every entry's `time` takes.
    public static func nowTimestamp() -> String { AuditTimestamp.now() }

    static func timestamp() -> String { AuditTimestamp.now() }
}
