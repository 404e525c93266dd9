/// Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): score(d) = Σ 1 / (k + rank(d)),
/// ranks 1-based, over every ranking that contains d.
public enum ReciprocalRankFusion {
    public static let k: Double = 60

    /// The best possible fused score of two rankings (first in both).
    public static let maximumScore = 2 / (k + 1)

    public static func fuse<ID: Hashable & Comparable>(_ rankings: [[ID]], k: Double = ReciprocalRankFusion.k) -> [(id: ID, score: Double)] {
        var scores: [ID: Double] = [:]
        for ranking in rankings {
            for (index, id) in ranking.enumerated() { scores[id, default: 0] += 1 / (k + Double(index + 1)) }
        }
        return scores.map { ($0.key, $0.value) }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
    }
}
