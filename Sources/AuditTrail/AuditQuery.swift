/// Filters for reading the audit log. Every filter is optional; they combine with AND.
public struct AuditQuery: Sendable, Equatable {
    /// Entries at or after this time (RFC 3339, or a date `YYYY-MM-DD`; compared as UTC text).
    public var since: String?
    /// Entries before this time (exclusive).
    public var until: String?
    public var principal: String?
    /// Entries made with this API key (its id as `hegui keys list` shows it, `details.key_id`).
    public var keyID: String?
    public var route: String?
    public var kind: String?
    public var verdict: String?
    /// Entries with at least one finding of this entity type (e.g. `CN_ID`).
    public var entityType: String?
    /// Entries whose answer cited this clause (a citation key, or its prefix up to `#…`).
    public var clause: String?
    /// Paging cursor: only entries with a larger sequence number.
    public var afterSequence: Int?
    /// Page size, 1…1000.
    public var limit: Int = 100

    public init() {}

    /// The filters as text, for the `officer_query` entry that records this read.
    public var description: [String: String] {
        var result: [String: String] = ["limit": String(limit)]
        if let since { result["since"] = since }
        if let until { result["until"] = until }
        if let principal { result["principal"] = principal }
        // Not `key_id`: an entry's `key_id` names the key that made it (here, the officer's).
        if let keyID { result["queried_key_id"] = keyID }
        if let route { result["route"] = route }
        if let kind { result["kind"] = kind }
        if let verdict { result["verdict"] = verdict }
        if let entityType { result["entity_type"] = entityType }
        if let clause { result["clause"] = clause }
        if let afterSequence { result["after"] = String(afterSequence) }
        return result
    }
}
