import COpenBLAS

/// A row-major matrix of stored vectors, scored against queries with OpenBLAS.
public struct VectorMatrix: Sendable {
    public let dimension: Int
    public private(set) var rowCount: Int = 0
    private var values: [Float] = []

    public init(dimension: Int) { self.dimension = dimension }

    public mutating func append(_ vector: [Float]) {
        precondition(vector.count == dimension, "vector of \(vector.count) values in a \(dimension)-dimension matrix")
        values.append(contentsOf: vector)
        rowCount += 1
    }

    public mutating func reserve(rows: Int) { values.reserveCapacity(rows * dimension) }

    /// The dot product of every row with `query` (cosine similarity for unit vectors): y = A·x with `cblas_sgemv`.
    public func scores(for query: [Float]) -> [Float] {
        precondition(query.count == dimension)
        guard rowCount > 0 else { return [] }
        var result = [Float](repeating: 0, count: rowCount)
        values.withUnsafeBufferPointer { matrix in
            query.withUnsafeBufferPointer { vector in
                result.withUnsafeMutableBufferPointer { output in
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rowCount), Int32(dimension), 1,
                                matrix.baseAddress, Int32(dimension), vector.baseAddress, 1, 0, output.baseAddress, 1)
                }
            }
        }
        return result
    }

    /// Scores of several queries at once: S = Q·Aᵀ with `cblas_sgemm`; row i of the result holds
    /// query i's scores against every stored row.
    public func scores(forBatch queries: [[Float]]) -> [[Float]] {
        guard rowCount > 0, !queries.isEmpty else { return queries.map { _ in [] } }
        precondition(queries.allSatisfy { $0.count == dimension })
        let flat = queries.flatMap { $0 }
        var result = [Float](repeating: 0, count: queries.count * rowCount)
        values.withUnsafeBufferPointer { matrix in
            flat.withUnsafeBufferPointer { q in
                result.withUnsafeMutableBufferPointer { output in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(queries.count), Int32(rowCount), Int32(dimension),
                                1, q.baseAddress, Int32(dimension), matrix.baseAddress, Int32(dimension),
                                0, output.baseAddress, Int32(rowCount))
                }
            }
        }
        return (0..<queries.count).map { Array(result[($0 * rowCount)..<(($0 + 1) * rowCount)]) }
    }

    /// Indices of the `k` highest-scoring rows, best first (ties by lower index).
    public func topK(for query: [Float], k: Int) -> [(row: Int, score: Float)] {
        VectorMatrix.topK(scores(for: query), k: k) { _ in true }
    }

    /// The `k` best entries of `scores` that `include` accepts, best first (ties by lower index),
    /// with a bounded min-heap: O(n log k) instead of sorting every score.
    public static func topK(_ scores: [Float], k: Int, where include: (Int) -> Bool) -> [(row: Int, score: Float)] {
        guard k > 0 else { return [] }
        var heap: [(row: Int, score: Float)] = []
        heap.reserveCapacity(k)
        // "Worse" = lower score, or equal score and higher index.
        func worse(_ a: (row: Int, score: Float), _ b: (row: Int, score: Float)) -> Bool {
            a.score != b.score ? a.score < b.score : a.row > b.row
        }
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count && worse(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count && worse(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        for (row, score) in scores.enumerated() {
            if heap.count == k, !worse(heap[0], (row, score)) { continue }
            guard include(row) else { continue }
            if heap.count < k {
                heap.append((row, score))
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard worse(heap[child], heap[parent]) else { break }
                    heap.swapAt(child, parent)
                    child = parent
                }
            } else {
                heap[0] = (row, score)
                siftDown(0)
            }
        }
        return heap.sorted { worse($1, $0) }
    }
}

/// Process-wide OpenBLAS settings.
public enum BLASThreads {
    /// Limits OpenBLAS to `count` threads. A server sets 1 so BLAS threads do not fight request threads.
    public static func limit(to count: Int32) { openblas_set_num_threads(count) }
}
