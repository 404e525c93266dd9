import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Full verification of a stored log, trusting nothing the store says about itself:
///
/// 1. entries are numbered 0…n−1 without gaps, each leaf is an audit entry whose own `sequence`
///    and `id` match its row, and SHA-256(0x00 ‖ leaf) equals the stored leaf hash;
/// 2. the tree is recomputed from the leaves, and every stored subtree hash must match it;
/// 3. every checkpoint carries a valid signature by the trusted key, names the right origin, and its
///    root equals the recomputed root at its size;
/// 4. each checkpoint is consistent with the next (an RFC 6962 consistency proof between their
///    signed roots, built from the recomputed tree, verifies).
///
/// The first problem found is reported, naming the entry or checkpoint.
public struct LogVerifier: Sendable {
    public let store: any LogStore
    public let verifier: NoteVerifier

    public init(store: any LogStore, verifier: NoteVerifier) {
        self.store = store
        self.verifier = verifier
    }

    /// What a successful verification covered.
    public struct Report: Sendable, Equatable {
        public var entries: Int
        public var checkpoints: Int
        public var rootHash: Data
    }

    /// Results of the two scans that run side by side (one thread each writes its own field).
    private final class ScanResults: @unchecked Sendable {
        var leafHashes: [Data] = []
        var leafError: LogVerificationError?
        var storedNodes: [[(index: Int, hash: Data)]] = []
        var nodeError: (any Error)?
    }

    public func verify() throws(LogVerificationError) -> Report {
        // The entries and the stored subtree hashes are read at the same time, one core each.
        let scans = ScanResults()
        let store = self.store
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                do { scans.leafHashes = try LogVerifier.hashLeaves(store) } catch let error as LogVerificationError {
                    scans.leafError = error
                } catch {
                    scans.leafError = .unreadable("\(error)")
                }
            } else {
                do {
                    var level = 1
                    while true {
                        var nodes: [(index: Int, hash: Data)] = []
                        try store.scanNodes(level: level) { nodes.append(($0, $1)) }
                        if nodes.isEmpty { break }
                        scans.storedNodes.append(nodes)
                        level += 1
                    }
                } catch {
                    scans.nodeError = error
                }
            }
        }
        if let error = scans.leafError { throw error }
        if let error = scans.nodeError { throw .unreadable("\(error)") }
        var levels: [[Data]] = [scans.leafHashes]
        let size = levels[0].count

        // 2. Every complete subtree.
        var level = 0
        while levels[level].count >= 2 {
            let below = levels[level]
            levels.append((0..<(below.count / 2)).map { MerkleHash.node(below[2 * $0], below[2 * $0 + 1]) })
            level += 1
            let computed = levels[level]
            let stored = level - 1 < scans.storedNodes.count ? scans.storedNodes[level - 1] : []
            for (position, node) in stored.enumerated() {
                guard node.index == position, node.index < computed.count else {
                    throw .node(level: level, index: node.index, firstEntry: node.index << level,
                                problem: "a stored subtree hash covers entries beyond the \(size) the log holds: entries were removed")
                }
                guard node.hash == computed[node.index] else {
                    throw .node(level: level, index: node.index, firstEntry: node.index << level,
                                problem: "stored subtree hash does not match the entries it covers")
                }
            }
            guard stored.count == computed.count else {
                throw .node(level: level, index: stored.count, firstEntry: stored.count << level, problem: "stored subtree hash is missing")
            }
        }
        if scans.storedNodes.count > level, let extra = scans.storedNodes[level].first {
            throw .node(level: level + 1, index: extra.index, firstEntry: extra.index << (level + 1),
                        problem: "a stored subtree hash covers entries beyond the \(size) the log holds: entries were removed")
        }

        return try verifyCheckpoints(levels: levels, size: size)
    }

    /// Step 1: every leaf, in order, checked against its row; returns the recomputed leaf hashes.
    private static func hashLeaves(_ store: any LogStore) throws -> [Data] {
        var hashes: [Data] = []
        try store.scanEntries { row in
            guard row.sequence == hashes.count else {
                throw LogVerificationError.missingEntries(expected: hashes.count, found: row.sequence)
            }
            let computed = MerkleHash.leaf(row.leaf)
            guard computed == row.leafHash else {
                throw LogVerificationError.entry(sequence: row.sequence, id: row.id, problem: "its bytes do not hash to the stored leaf hash: the entry was altered")
            }
            guard LogVerifier.leaf(row.leaf, records: row.sequence, id: row.id) else {
                throw LogVerificationError.entry(sequence: row.sequence, id: row.id, problem: "its bytes do not record this sequence number and id: the entry was moved or altered")
            }
            hashes.append(computed)
        }
        return hashes
    }

    /// Steps 3 and 4.
    private func verifyCheckpoints(levels: [[Data]], size: Int) throws(LogVerificationError) -> Report {
        // 3 and 4. Checkpoints.
        let checkpoints: [StoredCheckpoint]
        do { checkpoints = try store.checkpoints() } catch { throw .unreadable("\(error)") }
        var previous: Checkpoint? = nil
        for stored in checkpoints {
            let checkpoint: Checkpoint
            do { checkpoint = try Checkpoint.open(stored.note, verifier: verifier, origin: verifier.name) } catch {
                throw .checkpoint(size: stored.size, problem: "\(error)")
            }
            guard checkpoint.size == stored.size, checkpoint.rootHash == stored.rootHash else {
                throw .checkpoint(size: stored.size, problem: "the signed note says size \(checkpoint.size) but is stored as size \(stored.size)")
            }
            guard checkpoint.size <= size else {
                throw .checkpoint(size: stored.size, problem: "signed for \(checkpoint.size) entries but the log holds \(size): entries were removed")
            }
            guard LogVerifier.root(levels: levels, size: checkpoint.size) == checkpoint.rootHash else {
                throw .checkpoint(size: stored.size, problem: "its signed root does not match the first \(checkpoint.size) entries: the history was rewritten")
            }
            if let previous {
                let proof = LogVerifier.consistencyProof(levels: levels, from: previous.size, to: checkpoint.size)
                do {
                    try MerkleVerifier.verifyConsistency(oldSize: previous.size, newSize: checkpoint.size,
                                                         oldRoot: previous.rootHash, newRoot: checkpoint.rootHash, proof: proof)
                } catch {
                    throw .checkpoint(size: stored.size, problem: "not consistent with the checkpoint at size \(previous.size): \(error)")
                }
            }
            previous = checkpoint
        }
        return Report(entries: size, checkpoints: checkpoints.count, rootHash: LogVerifier.root(levels: levels, size: size))
    }

    /// Whether a canonical leaf records `sequence` and `id` as its top-level fields.
    ///
    /// A byte search, exact for the canonical form: `"schema":1,"sequence":N,"time":"` can only be
    /// the top level (the integer maps hold no string values, `details` no integer values), and
    /// likewise `"id":"X","index_version":` followed by a number or `null`. Decoding every leaf with
    /// a JSON decoder made verification four times slower.
    static func leaf(_ leaf: Data, records sequence: Int, id: String) -> Bool {
        let sequencePattern = Array("\"schema\":1,\"sequence\":\(sequence),\"time\":\"".utf8)
        let idPattern = Array("\"id\":\"\(id)\",\"index_version\":".utf8)
        return leaf.withUnsafeBytes { bytes -> Bool in
            guard bytes.first == UInt8(ascii: "{"), find(sequencePattern, in: bytes) != nil,
                  let idEnd = find(idPattern, in: bytes), idEnd < bytes.count else { return false }
            return bytes[idEnd] != UInt8(ascii: "\"")
        }
    }

    /// The offset just past the first occurrence of `pattern` in `bytes`: `memchr` for the first
    /// byte, `memcmp` for the rest.
    private static func find(_ pattern: [UInt8], in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, let first = pattern.first, pattern.count <= bytes.count else { return nil }
        return pattern.withUnsafeBytes { needle -> Int? in
            var offset = 0
            let last = bytes.count - pattern.count
            while offset <= last {
                guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + position, needle.baseAddress!, pattern.count) == 0 { return position + pattern.count }
                offset = position + 1
            }
            return nil
        }
    }

    /// MTH of the first `size` leaves from the recomputed levels.
    static func root(levels: [[Data]], size: Int) -> Data {
        let subtrees = MerkleFrontier.subtreeCoordinates(size: size).map {
            MerkleFrontier.Node(level: $0.level, index: $0.index, hash: levels[$0.level][$0.index])
        }
        return MerkleFrontier(size: size, subtrees: subtrees).rootHash
    }

    static func consistencyProof(levels: [[Data]], from oldSize: Int, to newSize: Int) -> [Data] {
        guard oldSize > 0, oldSize < newSize else { return [] }
        // The recomputed levels hold every node, so the builder's node reads never fail.
        return (try? MerkleProofBuilder().consistencyProof(from: oldSize, to: newSize) { coordinates in
            coordinates.map { levels[$0.level][$0.index] }
        }) ?? []
    }
}

/// The first problem `hegui audit verify` found.
public enum LogVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    case entry(sequence: Int, id: String, problem: String)
    case missingEntries(expected: Int, found: Int)
    case node(level: Int, index: Int, firstEntry: Int, problem: String)
    case checkpoint(size: Int, problem: String)
    case unreadable(String)

    public var description: String {
        switch self {
        case let .entry(sequence, id, problem): return "entry \(sequence) (id \(id)): \(problem)"
        case let .missingEntries(expected, found):
            return "entry \(expected) is missing (the next stored entry is \(found)): entries were deleted"
        case let .node(level, index, firstEntry, problem):
            return "subtree (level \(level), index \(index)) over entries \(firstEntry)–\(firstEntry + (1 << level) - 1): \(problem)"
        case let .checkpoint(size, problem): return "checkpoint at size \(size): \(problem)"
        case let .unreadable(why): return "the store could not be read: \(why)"
        }
    }
}
