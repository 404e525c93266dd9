import Foundation

/// The JSON report and the short human summary of a scrub job. Only masked text appears in either.
public struct ScrubReport: Sendable {
    public var summary: ScrubSummary
    public var input: String
    public var output: String
    public var policyDigest: String
    public var pseudonymized: Bool
    public var checkedAnswers: Bool
    public var quarantinePath: String?
    public var rejectsPath: String?
    /// The `scrub_job` audit entry that records this job.
    public var auditID: String?
    /// Peak resident memory of the process that ran the job, in MB.
    public var peakMemoryMegabytes: Int?
    /// The public name of the pseudonym key used (`PseudonymKey.identifier(of:)` in Masking), when
    /// one was: datasets whose pseudonyms can be joined carry the same name.
    public var pseudonymKeyID: String?

    public init(summary: ScrubSummary, input: String, output: String, policyDigest: String, pseudonymized: Bool,
                checkedAnswers: Bool, quarantinePath: String?, rejectsPath: String?, auditID: String?) {
        self.summary = summary
        self.input = input
        self.output = output
        self.policyDigest = policyDigest
        self.pseudonymized = pseudonymized
        self.checkedAnswers = checkedAnswers
        self.quarantinePath = quarantinePath
        self.rejectsPath = rejectsPath
        self.auditID = auditID
    }

    /// Throughput over the input in MB/s (10⁶ bytes) for this run.
    public var megabytesPerSecond: Double {
        summary.seconds > 0 ? Double(summary.inputBytes) / 1e6 / summary.seconds : 0
    }

    /// The report as pretty, key-sorted JSON.
    public func json() -> Data {
        let tally = summary.tally
        var object: [String: Any] = [
            "input": ["path": input, "bytes": summary.inputBytes, "sha256": summary.inputSHA256, "container": summary.container.rawValue],
            "output": ["path": output, "bytes": summary.outputBytes, "sha256": summary.outputSHA256],
            "layout": summary.layout.description,
            "policy_digest": policyDigest,
            "pseudonymized": pseudonymized,
            "checked_answers": checkedAnswers,
            "records": ["in": tally.recordsIn, "out": tally.recordsOut, "quarantined": tally.quarantined, "rejected": tally.rejected],
            "findings_by_type": tally.findingsByType,
            "findings_by_field": tally.findingsByField,
            "masked_examples": tally.examples,
            "seconds": (summary.seconds * 1000).rounded() / 1000,
            "megabytes_per_second": (megabytesPerSecond * 100).rounded() / 100,
            "resumed": summary.resumed,
        ]
        if let quarantinePath { object["quarantine"] = quarantinePath }
        if let rejectsPath { object["rejects"] = rejectsPath }
        if let auditID { object["audit_id"] = auditID }
        if let peakMemoryMegabytes { object["peak_memory_megabytes"] = peakMemoryMegabytes }
        if let pseudonymKeyID { object["pseudonym_key_id"] = pseudonymKeyID }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    /// A few lines for the terminal.
    public var humanSummary: String {
        let tally = summary.tally
        let findings = tally.findingsByType.sorted { $0.value > $1.value || $0.value == $1.value && $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var lines = [
            "scrubbed \(input) → \(output) (\(summary.layout), \(summary.container.rawValue))",
            "records: \(tally.recordsIn) in, \(tally.recordsOut) out, \(tally.quarantined) quarantined, \(tally.rejected) rejected",
            "findings: \(findings.isEmpty ? "none" : findings)",
            String(format: "%.1f MB in %.1f s (%.1f MB/s)", Double(summary.inputBytes) / 1e6, summary.seconds, megabytesPerSecond)
                + (summary.resumed ? " (resumed run)" : ""),
        ]
        if tally.quarantined > 0, let quarantinePath { lines.append("quarantined samples and their reasons: \(quarantinePath)") }
        if tally.rejected > 0, let rejectsPath { lines.append("rejected records (line numbers and errors): \(rejectsPath)") }
        if let auditID { lines.append("audit entry: \(auditID)") }
        return lines.joined(separator: "\n")
    }
}
