import AuditTrail
import Foundation

/// The one folder that holds a node's state. Layout:
///
/// ```
/// <data>/index.sqlite            regulation index (Retrieval)
/// <data>/audit/log.sqlite        audit log (AuditTrail)
/// <data>/keys/log.key            Ed25519 signer key for checkpoints (mode 0600)
/// <data>/keys/log.pub            its verifier key, safe to share
/// <data>/keys/api-keys.sqlite    API keys, stored as SHA-256 hashes
/// <data>/keys/demo-api-key       the demo key created by `hegui keys demo` (mode 0600)
/// ```
///
/// The folder comes from `--data DIR`, else `$HEGUI_DATA`, else `./.hegui-data`.
public struct DataDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// `explicit`, else `$HEGUI_DATA`, else `.hegui-data` in the working directory.
    public static func resolve(_ explicit: String?) -> DataDirectory {
        if let explicit, !explicit.isEmpty { return DataDirectory(path: explicit) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["HEGUI_DATA"], !fromEnvironment.isEmpty {
            return DataDirectory(path: fromEnvironment)
        }
        return DataDirectory(path: FileManager.default.currentDirectoryPath + "/.hegui-data")
    }

    public var indexPath: String { path + "/index.sqlite" }
    public var auditFolder: String { path + "/audit" }
    public var auditLogPath: String { auditFolder + "/log.sqlite" }
    public var keysFolder: String { path + "/keys" }
    public var signerKeyPath: String { keysFolder + "/log.key" }
    public var verifierKeyPath: String { keysFolder + "/log.pub" }
    public var apiKeysPath: String { keysFolder + "/api-keys.sqlite" }
    public var demoAPIKeyPath: String { keysFolder + "/demo-api-key" }

    /// Creates the folder and its subfolders (keys with mode 0700).
    public func prepare() throws {
        let files = FileManager.default
        try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        try files.createDirectory(atPath: auditFolder, withIntermediateDirectories: true)
        try files.createDirectory(atPath: keysFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}

extension DataDirectory {
    /// The signer key in `keys/log.key`; a clear error if there is none.
    public func loadSigner() throws -> NoteSigner {
        guard let text = try? String(contentsOfFile: signerKeyPath, encoding: .utf8) else {
            throw ConfigurationError(path: signerKeyPath, problem: "no audit signer key: run 'hegui keys generate --data \(path)' first")
        }
        return try NoteSigner(signerKey: text)
    }

    /// The trusted verifier key: `explicit`, else `keys/log.pub`.
    public func loadVerifier(_ explicit: String? = nil) throws -> NoteVerifier {
        if let explicit { return try NoteVerifier(verifierKey: explicit) }
        guard let text = try? String(contentsOfFile: verifierKeyPath, encoding: .utf8) else {
            throw ConfigurationError(path: verifierKeyPath, problem: "no verifier key: pass --key <name+id+key>")
        }
        return try NoteVerifier(verifierKey: text)
    }

    /// The audit log in this folder, signing checkpoints with this folder's signer key.
    public func openAuditLog(checkpointEvery: Int = 1000,
                             commitObserver: (@Sendable (_ duration: Duration, _ entries: Int) -> Void)? = nil) throws -> AuditLog {
        try prepare()
        return AuditLog(store: try SQLiteLogStore(path: auditLogPath), signer: try loadSigner(), checkpointEvery: checkpointEvery,
                        commitObserver: commitObserver)
    }
}
