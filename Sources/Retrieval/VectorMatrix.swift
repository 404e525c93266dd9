import COpenBLAS

/// A row-major matrix of stored vectors, scored against a query with OpenBLAS.
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

    /// Indices of the `k` highest-scoring rows, best first (ties by lower index).
    public func topK(for query: [Float], k: Int) -> [(row: Int, score: Float)] {
        let all = scores(for: query)
        return all.enumerated()
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .prefix(k)
            .map { ($0.offset, $0.element) }
    }
}

/// Process-wide OpenBLAS settings.
public enum BLASThreads {
    /// Limits OpenBLAS to `count` threads. A server sets 1 so BLAS threads do not fight request threads.
    public static func limit(to count: Int32) { openblas_set_num_threads(count) }
}
