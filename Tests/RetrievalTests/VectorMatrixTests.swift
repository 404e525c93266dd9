import Testing
import SyntheticData
@testable import Retrieval

@Suite("Vectors and fusion")
struct VectorMatrixTests {
    @Test("BLAS scores and top-k equal a naive loop")
    func blasMatchesNaive() {
        var generator = SeededGenerator(seed: 42)
        let dimension = 64
        let rows = (0..<500).map { _ in (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) } }
        let matrix = VectorMatrix(dimension: dimension, rows: rows)
        let query = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        let naive = rows.map { zip($0, query).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
        let blas = matrix.scores(for: query)
        #expect(blas.count == rows.count)
        for (a, b) in zip(naive, blas) { #expect(abs(a - b) < 1e-4) }
        let naiveTop = naive.enumerated().sorted { $0.element > $1.element }.prefix(5).map(\.offset)
        #expect(matrix.topK(for: query, k: 5).map(\.row) == naiveTop)
    }

    @Test("A sparse query (few non-zero components) takes the saxpy path and scores exactly like the dense path and a naive loop")
    func sparseMatchesDense() {
        var generator = SeededGenerator(seed: 11)
        let dimension = 256
        let rows = (0..<700).map { _ in (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) } }
        let matrix = VectorMatrix(dimension: dimension, rows: rows)
        var query = [Float](repeating: 0, count: dimension)
        for _ in 0..<20 { query[Int.random(in: 0..<dimension, using: &generator)] = Float.random(in: -1...1, using: &generator) }
        let nonZero = query.indices.filter { query[$0] != 0 }
        #expect(nonZero.count * VectorMatrix.sparseShare <= dimension)
        let sparse = matrix.sparseScores(for: query, nonZero: nonZero)
        let dense = matrix.denseScores(for: query)
        let naive = rows.map { zip($0, query).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
        #expect(matrix.scores(for: query) == sparse)
        for row in rows.indices {
            #expect(abs(sparse[row] - dense[row]) < 1e-4)
            #expect(abs(sparse[row] - naive[row]) < 1e-4)
        }
        // The whole-matrix path is taken once a quarter of the components are non-zero.
        let full = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        #expect(matrix.scores(for: full) == matrix.denseScores(for: full))
    }

    @Test("Batch scores with sgemm equal single sgemv scores; bounded top-k equals a full sort with ties by index")
    func batchAndTopK() {
        var generator = SeededGenerator(seed: 7)
        let matrix = VectorMatrix(dimension: 32, rows: (0..<300).map { _ in (0..<32).map { _ in Float.random(in: -1...1, using: &generator) } })
        let queries = (0..<5).map { _ in (0..<32).map { _ in Float.random(in: -1...1, using: &generator) } }
        let batch = matrix.scores(forBatch: queries)
        for (query, row) in zip(queries, batch) {
            for (a, b) in zip(matrix.scores(for: query), row) { #expect(abs(a - b) < 1e-4) }
        }
        let scores: [Float] = [0.5, 0.9, 0.5, 0.1, 0.9, 0.7]
        #expect(VectorMatrix.topK(scores, k: 4) { _ in true }.map(\.row) == [1, 4, 5, 0])
        #expect(VectorMatrix.topK(scores, k: 3) { $0 != 4 }.map(\.row) == [1, 5, 0])
        #expect(VectorMatrix.topK(scores, k: 0) { _ in true }.isEmpty)
    }

    @Test("Reciprocal rank fusion rewards agreement between rankings (k = 60)")
    func fusionOrder() {
        let fused = ReciprocalRankFusion.fuse([["a", "b", "c"], ["c", "b", "d"]])
        // c: 1/63 + 1/61 = 0.032266 edges out b: 1/62 + 1/62 = 0.032258.
        #expect(fused.map(\.id) == ["c", "b", "a", "d"])
        #expect(abs(fused[0].score - (1.0 / 63.0 + 1.0 / 61.0)) < 1e-12)
        #expect(abs(fused[1].score - 2.0 / 62.0) < 1e-12)
    }

    @Test("The hashed n-gram embedder gives unit vectors and ranks similar texts closer")
    func embedder() {
        let embedder = HashedNgramEmbedder(dimension: 128)
        let vectors = embedder.embed(["银行卡挂失", "银行卡丢失挂失手续", "个人信息删除"])
        let norm = vectors[0].reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - 1) < 1e-5)
        let dot = { (a: [Float], b: [Float]) in zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
        #expect(dot(vectors[0], vectors[1]) > dot(vectors[0], vectors[2]))
    }
}
