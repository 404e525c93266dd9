import ArgumentParser
import AuditTrail
import Foundation
import Gateway

struct KeysCommand: AsyncParsableCommand {
    /// Records a key change in the audit log; the command fails (and shows no key) if it cannot.
    static func record(_ data: DataDirectory, _ details: [String: String]) async throws {
        let entry = AuditEntry.event(kind: "key_change", principal: AuditCommand.cliPrincipal, time: AuditLog.nowTimestamp(), details: details)
        _ = try await data.openAuditLog().append(entry)
    }

    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create the log's signing key; create, list and revoke API keys.",
        subcommands: [Generate.self, Create.self, List.self, Revoke.self, Demo.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the Ed25519 key that signs audit checkpoints (written with mode 0600).")
        @OptionGroup var options: DataOptions
        @Option(help: "Key name, normally the log's origin line.") var name = "hegui.local/audit"
        @Flag(help: "Do nothing (but print the key's location) if a key exists.") var ifMissing = false

        func run() async throws {
            let data = DataDirectory.resolve(options.data)
            try data.prepare()
            if FileManager.default.fileExists(atPath: data.signerKeyPath) {
                guard ifMissing else {
                    throw ValidationError("a signer key already exists at \(data.signerKeyPath); keys are never overwritten")
                }
                print("hegui keys: signer key exists at \(data.signerKeyPath)")
                return
            }
            let signer = try NoteSigner(generatingFor: name)
            try KeyFile.writeSecret(signer.signerKey + "\n", to: data.signerKeyPath)
            try (signer.verifierKey + "\n").write(toFile: data.verifierKeyPath, atomically: true, encoding: .utf8)
            try await KeysCommand.record(data, ["action": "log_signer_key_created", "verifier_key": signer.verifierKey])
            print("hegui keys: signer key written to \(data.signerKeyPath) (mode 0600)")
            print("verifier key: \(signer.verifierKey)")
        }
    }

    /// Listing or revoking in a folder that has no key store is a mistyped `--data` (or
    /// `$HEGUI_DATA`) far more often than an empty one: say so instead of SQLite's "unable to open".
    static func requireKeyStore(_ data: DataDirectory) throws {
        guard FileManager.default.fileExists(atPath: data.apiKeysPath) else {
            throw ValidationError("no API keys in \(data.path) (\(data.apiKeysPath) does not exist): check --data or $HEGUI_DATA, or create a key with 'hegui keys create --role bot --route cs --data \(data.path)'")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API key and print it once.")
        @OptionGroup var options: DataOptions
        @Option(help: "bot, officer, admin or data.") var role: String
        @Option(help: "A route the key may use (repeatable).") var route: [String] = []
        @Option(help: "Principal name recorded in audit entries.") var name: String?
        @Option(help: "This key's requests per second (default: the gateway's rate_limit).") var rate: Double?

        func run() async throws {
            guard let parsedRole = Principal.Role(rawValue: role) else {
                throw ValidationError("unknown role '\(role)': use one of \(Principal.Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let data = DataDirectory.resolve(options.data)
            try data.prepare()
            if let rate, !(rate > 0) { throw ValidationError("--rate must be a positive number of requests per second") }
            let principal = Principal(name: name ?? "\(role)-\(Int(Date().timeIntervalSince1970))", role: parsedRole, routes: route,
                                      requestsPerSecond: rate)
            let key = try APIKeyStore(path: data.apiKeysPath).create(principal: principal)
            try await KeysCommand.record(data, ["action": "api_key_created", "key_id": APIKeyStore.id(of: key), "key_principal": principal.name, "role": role,
                                          "routes": route.joined(separator: ","), "requests_per_second": rate.map { String($0) } ?? "default"])
            print(key)
            FileHandle.standardError.write(Data("hegui keys: key for '\(principal.name)' (role \(role)) created; it is shown only this once\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the API keys: id, principal, role, routes, rate, created (never the keys themselves).")
        @OptionGroup var options: DataOptions

        func run() async throws {
            let data = DataDirectory.resolve(options.data)
            try KeysCommand.requireKeyStore(data)
            let keys = try APIKeyStore(path: data.apiKeysPath).list()
            print(["id", "principal", "role", "routes", "requests/s", "created"].joined(separator: "\t"))
            for key in keys {
                print([key.id, key.principal.name, key.principal.role.rawValue, key.principal.routes.joined(separator: ","),
                       key.principal.requestsPerSecond.map { String($0) } ?? "default", key.createdAt].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an API key by its id from `keys list`; a running gateway refuses it within a second.")
        @OptionGroup var options: DataOptions
        @Argument(help: "The key's id (at least 8 of its hex digits).") var id: String

        func run() async throws {
            let data = DataDirectory.resolve(options.data)
            try KeysCommand.requireKeyStore(data)
            let revoked: APIKeyStore.Listing
            do {
                revoked = try APIKeyStore(path: data.apiKeysPath).revoke(id: id)
            } catch let error as APIKeyError {
                throw ValidationError(error.description)
            }
            try await KeysCommand.record(data, ["action": "api_key_revoked", "key_id": revoked.id, "key_principal": revoked.principal.name,
                                                "role": revoked.principal.role.rawValue])
            print("hegui keys: key \(revoked.id) of '\(revoked.principal.name)' (role \(revoked.principal.role.rawValue)) revoked")
        }
    }

    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a demo bot key for route 'cs' and save it to <data>/keys/demo-api-key (mode 0600).")
        @OptionGroup var options: DataOptions
        @Flag(help: "Do nothing (but print the key's location) if a demo key exists.") var ifMissing = false

        func run() async throws {
            let data = DataDirectory.resolve(options.data)
            try data.prepare()
            if FileManager.default.fileExists(atPath: data.demoAPIKeyPath) {
                guard ifMissing else { throw ValidationError("a demo key already exists at \(data.demoAPIKeyPath)") }
                print("hegui keys: demo API key is in \(data.demoAPIKeyPath)")
                return
            }
            let key = try APIKeyStore(path: data.apiKeysPath).create(principal: Principal(name: "demo-bot", role: .bot, routes: ["cs"]))
            try await KeysCommand.record(data, ["action": "api_key_created", "key_id": APIKeyStore.id(of: key), "key_principal": "demo-bot",
                                                "role": "bot", "routes": "cs"])
            try KeyFile.writeSecret(key + "\n", to: data.demoAPIKeyPath)
            print("hegui keys: demo API key for route 'cs' written to \(data.demoAPIKeyPath)")
        }
    }
}
