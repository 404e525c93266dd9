import Foundation

/// Okapi BM25 exactly as SQLite FTS5's `bm25()` computes it, so the application can rank the
/// postings FTS5 returns without FTS5 reading every matched row's size from disk:
/// k1 = 1.2, b = 0.75, idf = ln((N − n + ½) / (n + ½)) floored at 10⁻⁶.
///
/// FTS5 reports the negated sum (lower is better); these are the positive weights (higher is better).
enum BM25 {
    /// Occurrences of a token in one chunk are counted up to this many (the index's `tf2`…`tf4` columns).
    static let maximumFrequency = 4
    static let k1 = 1.2
    static let b = 0.75

    /// Inverse document frequency of a token found in `containing` of `documents` rows.
    static func idf(documents: Int, containing: Int) -> Double {
        let value = log((Double(documents) - Double(containing) + 0.5) / (Double(containing) + 0.5))
        return value > 0 ? value : 1e-6
    }

    /// One token's contribution to a row of `length` tokens where it occurs `frequency` times.
    static func weight(idf: Double, frequency: Int, length: Int, averageLength: Double) -> Double {
        let f = Double(frequency)
        let norm = averageLength > 0 ? 1 - b + b * Double(length) / averageLength : 1
        return idf * f * (k1 + 1) / (f + k1 * norm)
    }
}
