import AuditTrail
import Crypto
import Foundation
import GRDB
import Synchronization

/// API keys, stored only as SHA-256 hashes: the plaintext is shown once, when the key is created.
///
/// Keys are 32 random bytes, so a plain SHA-256 is a sufficient one-way function (no dictionary to
/// guess from); a slow password hash would only add latency to every request.
///
/// Authentication results are kept in memory for `cacheSeconds` (one second by default), so a
/// request costs no database read. A key revoked through this store stops working at once; one
/// revoked by another process (`hegui keys revoke` while the gateway runs) within that time.
public final class APIKeyStore: Sendable {
    private let database: DatabasePool
    /// Prefix of every key, so leaked keys are easy to spot in scanners.
    public static let prefix = "hg_"
    /// Length of a key's id: the first hex digits of its hash, shown by `keys list`.
    public static let idLength = 12

    private let cacheLifetime: Duration
    /// Principals of keys seen recently, by key hash, with when they were read. Unknown keys are
    /// not kept: a key created by another process works as soon as it exists.
    private let recent = Mutex<RecentKeys>(RecentKeys())

    private struct RecentKeys {
        var principals: [String: (principal: Principal, read: ContinuousClock.Instant)] = [:]
        /// Bumped by every revocation: a read that began before one is not cached, so a key read
        /// just before it was deleted is not kept alive by the cache.
        var generation = 0
    }

    public init(path: String, cacheSeconds: Double = 1) throws {
        cacheLifetime = .seconds(cacheSeconds)
        database = try DatabasePool(path: path)
        // A created or revoked key must survive a power cut: GRDB's pools commit with
        // `synchronous = NORMAL` (no fsync until a WAL checkpoint) unless told otherwise here.
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
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
    /// The writer connection's `PRAGMA synchronous` (2 is FULL), for tests and diagnostics.
    func writerSynchronousLevel() throws -> Int {
        try database.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

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

    /// The principal a key belongs to, or nil for an unknown (or revoked) key.
    /// The key in an `Authorization: Bearer <key>` header, spaces and tabs around it dropped; nil
    /// for any other header. (Foundation's `trimmingCharacters(in:)` cost ~48 µs per request here.)
    public static func bearerKey(in header: String?) -> String? {
        guard let header, header.hasPrefix("Bearer ") else { return nil }
        let key = header.utf8.dropFirst("Bearer ".utf8.count)
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = key.firstIndex(where: { !isBlank($0) }), let last = key.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(Substring(header.utf8[first...last]))
    }

    public func authenticate(_ key: String) throws -> Principal? {
        let hash = APIKeyStore.hash(key)
        let now = ContinuousClock.now
        let (known, generation) = recent.withLock { ($0.principals[hash], $0.generation) }
        if let known, now - known.read < cacheLifetime { return known.principal }
        // One SELECT is consistent on its own: no transaction around it (GRDB's `read` adds a
        // BEGIN/COMMIT pair per request), and a cached statement instead of compiling it each time.
        let principal = try database.unsafeRead { db -> Principal? in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT hash, principal, role, routes, requests_per_second FROM api_keys WHERE hash = ?"),
                                             arguments: [hash]) else { return nil }
            return APIKeyStore.principal(row)
        }
        recent.withLock { recent in
            guard recent.generation == generation else { return }
            if let principal {
                if recent.principals.count >= 10_000 { recent.principals.removeAll() }
                recent.principals[hash] = (principal, now)
            } else {
                recent.principals[hash] = nil
            }
        }
        return principal
    }

    private static func principal(_ row: Row) -> Principal {
        let routes: String = row["routes"]
        let role: String = row["role"]
        let hash: String = row["hash"]
        return Principal(name: row["principal"], role: Principal.Role(rawValue: role) ?? .bot,
                         routes: routes.split(separator: ",").map(String.init), requestsPerSecond: row["requests_per_second"],
                         keyID: String(hash.prefix(idLength)))
    }

    /// A stored key as `keys list` shows it: never the key itself, which is not stored.
    public struct Listing: Sendable, Equatable {
        /// The first ``APIKeyStore/idLength`` hex digits of the key's SHA-256: what `keys revoke` takes.
        public var id: String
        public var principal: Principal
        public var createdAt: String
    }

    /// Every stored key, oldest first.
    public func list() throws -> [Listing] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT hash, principal, role, routes, requests_per_second, created_at FROM api_keys ORDER BY created_at, hash")
                .map { row in
                    let hash: String = row["hash"]
                    return Listing(id: String(hash.prefix(APIKeyStore.idLength)), principal: APIKeyStore.principal(row), createdAt: row["created_at"])
                }
        }
    }

    /// Deletes the key whose id (or hash) starts with `id` and returns what it was; the key is
    /// refused from then on. Throws ``APIKeyError`` when `id` is not hex, too short, or matches no
    /// key or more than one.
    public func revoke(id: String) throws -> Listing {
        let prefix = id.lowercased()
        guard prefix.count >= 8, prefix.allSatisfy(\.isHexDigit) else { throw APIKeyError.badID(id) }
        let revoked = try database.write { db -> Listing in
            let rows = try Row.fetchAll(db, sql: "SELECT hash, principal, role, routes, requests_per_second, created_at FROM api_keys WHERE substr(hash, 1, ?) = ?",
                                        arguments: [prefix.count, prefix])
            guard rows.count == 1, let row = rows.first else {
                throw rows.isEmpty ? APIKeyError.noSuchKey(id) : APIKeyError.ambiguous(id, matches: rows.count)
            }
            let hash: String = row["hash"]
            try db.execute(sql: "DELETE FROM api_keys WHERE hash = ?", arguments: [hash])
            return Listing(id: String(hash.prefix(APIKeyStore.idLength)), principal: APIKeyStore.principal(row), createdAt: row["created_at"])
        }
        recent.withLock { recent in
            recent.principals.removeAll()
            recent.generation += 1
        }
        return revoked
    }

    /// Number of keys stored.
    public func count() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_keys") ?? 0 }
    }

    /// The id `keys list` shows for `key`, and that audit entries of key changes record.
    public static func id(of key: String) -> String { String(hash(key).prefix(idLength)) }

    static func hash(_ key: String) -> String {
        HexText.lowercase(SHA256.hash(data: Array(key.utf8)))
    }
}

/// Why `keys revoke` could not revoke a key.
public enum APIKeyError: Error, Equatable, CustomStringConvertible {
    case badID(String)
    case noSuchKey(String)
    case ambiguous(String, matches: Int)

    public var description: String {
        switch self {
        case let .badID(id):
            "'\(id)' is not a key id: give at least 8 of the hex digits `hegui keys list` shows in its id column"
        case let .noSuchKey(id):
            "no key has an id starting with '\(id)'; `hegui keys list` shows the ids of the stored keys"
        case let .ambiguous(id, matches):
            "\(matches) keys have an id starting with '\(id)': give more of its digits"
        }
    }
}
