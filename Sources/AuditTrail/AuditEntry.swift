/// One audit entry: a decision Hegui made, recorded so that it can be proven later.
///
/// The leaf of the Merkle log is the exact bytes of ``canonicalJSON()``. Version 1 of the schema is
/// documented in `Audit/README.md`. Only masked text ever goes in here.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// Schema version of this entry's layout.
    public var schema: Int = 1
    /// Unique id returned to clients in the `Hegui-Audit-Id` header.
    public var id: String
    /// Position in the log (= Merkle leaf index), assigned by the store at append time.
    public var sequence: Int
    /// UTC time of the decision, RFC 3339 with milliseconds.
    public var time: String
    /// Who asked: the API key's principal name.
    public var principal: String
    public var route: String
    /// `chat`, `scrub_job`, `policy_load`, `officer_query`, `adapter_change`, `key_change`, …
    public var kind: String
    /// SHA-256 of the canonical policy bundle in force, when the entry's kind has one.
    public var policyDigest: String?
    public var maskedInput: String
    public var maskedOutput: String
    /// Findings per entity type (`{"CN_ID": 1, "PHONE": 1}`); never the values.
    public var findingCounts: [String: Int]
    /// Citation keys of every clause retrieval returned.
    public var retrievedClauses: [String]
    /// Citation keys of the clauses the answer cites.
    public var citedClauses: [String]
    public var indexVersion: Int?
    public var backend: String
    /// The LoRA adapter (name and configured version) when the backend used one.
    public var adapter: String?
    /// `pass` or `blocked` (and later `repaired`).
    public var verdict: String
    public var reasons: [String]
    /// Step latencies in microseconds, by step name.
    public var latencyMicros: [String: Int]
    /// Kind-specific facts as text, e.g. an officer query's filters or a scrub job's digests.
    public var details: [String: String]

    public init(id: String = "", time: String, principal: String, route: String, kind: String,
                maskedInput: String, maskedOutput: String, findingCounts: [String: Int],
                retrievedClauses: [String], citedClauses: [String], indexVersion: Int?, backend: String,
                verdict: String, reasons: [String], latencyMicros: [String: Int],
                policyDigest: String? = nil, adapter: String? = nil, details: [String: String] = [:]) {
        self.id = id
        self.sequence = -1
        self.time = time
        self.principal = principal
        self.route = route
        self.kind = kind
        self.maskedInput = maskedInput
        self.maskedOutput = maskedOutput
        self.findingCounts = findingCounts
        self.retrievedClauses = retrievedClauses
        self.citedClauses = citedClauses
        self.indexVersion = indexVersion
        self.backend = backend
        self.verdict = verdict
        self.reasons = reasons
        self.latencyMicros = latencyMicros
        self.policyDigest = policyDigest
        self.adapter = adapter
        self.details = details
    }

    /// A minimal entry for kinds other than `chat` (officer queries, key changes, scrub jobs…).
    public static func event(kind: String, principal: String, time: String, details: [String: String] = [:],
                             verdict: String = "pass") -> AuditEntry {
        AuditEntry(time: time, principal: principal, route: "", kind: kind, maskedInput: "", maskedOutput: "",
                   findingCounts: [:], retrievedClauses: [], citedClauses: [], indexVersion: nil, backend: "",
                   verdict: verdict, reasons: [], latencyMicros: [:], details: details)
    }

    enum CodingKeys: String, CodingKey {
        case schema, id, sequence, time, principal, route, kind
        case maskedInput = "masked_input", maskedOutput = "masked_output", findingCounts = "finding_counts"
        case retrievedClauses = "retrieved_clauses", citedClauses = "cited_clauses", indexVersion = "index_version"
        case backend, verdict, reasons, latencyMicros = "latency_us"
        case policyDigest = "policy_digest", adapter, details
    }
}
