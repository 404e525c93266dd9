import AuditTrail
import Crypto
import Foundation
import GRDB

/// API keys, stored only as SHA-256 hashes: the plaintext is shown once, when the key is created.
///
/// Keys are 32 random bytes, so a plain SHA-256 is a sufficient one-way function (no dictionary to
/// guess from); a slow password hash would only add latency to every request.
public final class APIKeyStore: Sendable {
    private let database: DatabasePool
    /// Prefix of every key, so leaked keys are easy to spot in scanners.
    public static let prefix = "hg_"

    public init(path: String) throws {
        database = try DatabasePool(path: path)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS api_keys (
                    hash TEXT PRIMARY KEY, principal TEXT NOT NULL, role TEXT NOT NULL,
                    routes TEXT NOT NULL, created_at TEXT NOT NULL);
                """)
            // Added after the first release: a per-key request rate.
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(api_keys)").map { $0["name"] as String }
            if !columns.contains("requests_per_second") {
                try db.execute(sql: "ALTER TABLE api_keys ADD COLUMN requests_per_second REAL")
            }
        }
    }

    /// Creates a key for `principal` and returns its plaintext, which is not stored anywhere.
    public func create(principal: Principal) throws -> String {
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let key = APIKeyStore.prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        try database.write { db in
            try db.execute(sql: "INSERT INTO api_keys (hash, principal, role, routes, created_at, requests_per_second) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [APIKeyStore.hash(key), principal.name, principal.role.rawValue,
                                       principal.routes.joined(separator: ","), ISO8601DateFormatter().string(from: Date()),
                                       principal.requestsPerSecond])
        }
        return key
    }

    /// The principal a key belongs to, or nil for an unknown key.
    public func authenticate(_ key: String) throws -> Principal? {
        // One SELECT is consistent on its own: no transaction around it (GRDB's `read` adds a
        // BEGIN/COMMIT pair per request), and a cached statement instead of compiling it each time.
        try database.unsafeRead { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT principal, role, routes, requests_per_second FROM api_keys WHERE hash = ?"),
                                             arguments: [APIKeyStore.hash(key)]) else { return nil }
            let routes: String = row["routes"]
            let role: String = row["role"]
            return Principal(name: row["principal"], role: Principal.Role(rawValue: role) ?? .bot,
                             routes: routes.split(separator: ",").map(String.init), requestsPerSecond: row["requests_per_second"])
        }
    }

    /// Number of keys stored.
    public func count() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_keys") ?? 0 }
    }

    static func hash(_ key: String) -> String {
        HexText.lowercase(SHA256.hash(data: Data(key.utf8)))
    }
}
