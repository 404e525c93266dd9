import ArgumentParser
import AuditTrail
import Foundation
import Gateway

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read the audit log.", subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one audit entry (its exact leaf bytes) and its leaf hash.")
        @OptionGroup var options: DataOptions
        @Argument(help: "The entry id, as returned in the Hegui-Audit-Id header.") var id: String

        func run() async throws {
            let data = DataDirectory.resolve(options.data)
            let store = try SQLiteLogStore(path: data.auditLogPath)
            guard let stored = try await store.entry(id: id) else {
                throw ValidationError("no audit entry with id \(id) in \(data.auditLogPath)")
            }
            print(String(decoding: stored.leaf, as: UTF8.self))
            print("leaf hash (RFC 6962): \(stored.leafHash.map { String(format: "%02x", $0) }.joined())")
        }
    }
}
