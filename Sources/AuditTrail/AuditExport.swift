import Foundation

/// Export formats for officer queries: JSON lines of the exact leaf bytes, or CSV for spreadsheets.
public enum AuditExport {
    /// One line per entry: the entry's exact canonical bytes (so a line can be re-hashed to its leaf hash).
    public static func jsonLines(_ entries: [StoredEntry]) -> String {
        entries.map { String(decoding: $0.leaf, as: UTF8.self) + "\n" }.joined()
    }

    public static let csvColumns = ["sequence", "id", "time", "principal", "route", "kind", "verdict", "finding_counts",
                                    "retrieved_clauses", "cited_clauses", "backend", "reasons", "masked_input", "masked_output"]

    /// RFC 4180 CSV with a header row; lists are joined with `;`, counts written `TYPE=n`.
    public static func csv(_ entries: [StoredEntry]) -> String {
        var lines = [csvColumns.joined(separator: ",")]
        for stored in entries {
            let entry = stored.entry
            let fields = [
                String(entry.sequence), entry.id, entry.time, entry.principal, entry.route, entry.kind, entry.verdict,
                entry.findingCounts.keys.sorted().map { "\($0)=\(entry.findingCounts[$0]!)" }.joined(separator: ";"),
                entry.retrievedClauses.joined(separator: ";"), entry.citedClauses.joined(separator: ";"), entry.backend,
                entry.reasons.joined(separator: ";"), entry.maskedInput, entry.maskedOutput,
            ]
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ value: String) -> String {
        // A leading =, +, - or @ would be run as a formula by spreadsheet programs: neutralise it.
        let guarded = value.first.map { "=+-@".contains($0) } == true ? "'" + value : value
        guard guarded.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return guarded }
        return "\"" + guarded.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
