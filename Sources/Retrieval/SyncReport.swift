/// What one `index sync` run did.
public struct SyncReport: Sendable, Equatable {
    public var added: [String] = []
    public var changed: [String] = []
    public var unchanged: [String] = []
    public var removed: [String] = []
    /// Files that could not be read, with the reason; the rest of the sync still completed.
    public var skipped: [RegulationParseError] = []
    public var indexVersion: Int = 0
    public var clauseCount: Int = 0

    public var summary: String {
        "added \(added.count), changed \(changed.count), unchanged \(unchanged.count), removed \(removed.count), skipped \(skipped.count); index version \(indexVersion), \(clauseCount) clauses"
    }
}
