/// Something entries can be appended to. The gateway depends on this alone, so a test can put a
/// failing log behind it and see the gateway refuse to answer.
public protocol AuditAppender: Sendable {
    /// Appends `entry`; returns it with its id and sequence number once it is durable.
    func append(_ entry: AuditEntry) async throws -> AuditEntry
}
