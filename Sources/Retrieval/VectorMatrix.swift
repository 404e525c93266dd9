import COpenBLAS

/// The stored vectors, one per row, scored against queries with OpenBLAS.
///
/// Held column-major (all rows' first component, then all rows' second…): a dense query is one
/// `cblas_sgemv`, and a sparse query — the hashed n-gram embedder's vector for a question has a few
/// dozen non-zero components out of hundreds — is one `cblas_saxpy` per non-zero component, which
/// reads only those columns instead of the whole matrix. Both give the exact float32 dot products.
public struct VectorMatrix: Sendable {
    public let dimension: Int
    public let rowCount: Int
    /// `values[column * rowCount + row]`.
    private let values: [Float]

    /// A matrix from `rowMajor` (row 0's components, then row 1's…), transposed once here.
    public init(dimension: Int, rowMajor: [Float]) {
        precondition(dimension > 0 && rowMajor.count % dimension == 0,
                     "\(rowMajor.count) values do not make rows of \(dimension) components")
        self.dimension = dimension
        let rows = rowMajor.count / dimension
        rowCount = rows
        values = [Float](unsafeUninitializedCapacity: rowMajor.count) { output, written in
            rowMajor.withUnsafeBufferPointer { input in
                for row in 0..<rows {
                    for column in 0..<dimension { output[column * rows + row] = input[row * dimension + column] }
                }
            }
            written = rowMajor.count
        }
    }

    /// A matrix with `rows` as its rows.
    public init(dimension: Int, rows: [[Float]]) {
        precondition(rows.allSatisfy { $0.count == dimension }, "every row needs \(dimension) components")
        self.init(dimension: dimension, rowMajor: rows.flatMap { $0 })
    }

    /// Queries with at most this share of non-zero components take the sparse path.
    static let sparseShare = 4

    /// The dot product of every row with `query` (cosine similarity for unit vectors).
    public func scores(for query: [Float]) -> [Float] {
        precondition(query.count == dimension)
        guard rowCount > 0 else { return [] }
        let nonZero = query.indices.filter { query[$0] != 0 }
        return nonZero.count * VectorMatrix.sparseShare <= dimension
            ? sparseScores(for: query, nonZero: nonZero) : denseScores(for: query)
    }

    /// y = A·x with `cblas_sgemv`: reads the whole matrix.
    func denseScores(for query: [Float]) -> [Float] {
        var result = [Float](repeating: 0, count: rowCount)
        values.withUnsafeBufferPointer { matrix in
            query.withUnsafeBufferPointer { vector in
                result.withUnsafeMutableBufferPointer { output in
                    cblas_sgemv(CblasColMajor, CblasNoTrans, Int32(rowCount), Int32(dimension), 1,
                                matrix.baseAddress, Int32(rowCount), vector.baseAddress, 1, 0, output.baseAddress, 1)
                }
            }
        }
        return result
    }

    /// y = Σ xᵢ·Aᵢ over the non-zero components i with `cblas_saxpy`: reads only those columns.
    func sparseScores(for query: [Float], nonZero: [Int]) -> [Float] {
        var result = [Float](repeating: 0, count: rowCount)
        values.withUnsafeBufferPointer { matrix in
            result.withUnsafeMutableBufferPointer { output in
                for column in nonZero {
                    cblas_saxpy(Int32(rowCount), query[column], matrix.baseAddress! + column * rowCount, 1, output.baseAddress, 1)
                }
            }
        }
        return result
    }

    /// Scores of several queries at once: S = A·Qᵀ with `cblas_sgemm`; element i of the result holds
    /// query i's scores against every stored row.
    public func scores(forBatch queries: [[Float]]) -> [[Float]] {
        guard rowCount > 0, !queries.isEmpty else { return queries.map { _ in [] } }
        precondition(queries.allSatisfy { $0.count == dimension })
        let flat = queries.flatMap { $0 }   // column-major dimension × queries, leading dimension `dimension`
        var result = [Float](repeating: 0, count: queries.count * rowCount)
        values.withUnsafeBufferPointer { matrix in
            flat.withUnsafeBufferPointer { q in
                result.withUnsafeMutableBufferPointer { output in
                    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(rowCount), Int32(queries.count), Int32(dimension),
                                1, matrix.baseAddress, Int32(rowCount), q.baseAddress, Int32(dimension),
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
