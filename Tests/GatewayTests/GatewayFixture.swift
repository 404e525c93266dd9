import AuditTrail
import Foundation
import Gateway
import Logging
import Retrieval

/// A data folder with the sample regulations indexed and one bot key, removed when released.
final class GatewayFixture: @unchecked Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = repository.appendingPathComponent("Deploy/samples/regulations")
    static let policies = repository.appendingPathComponent("Policies").path

    let data: DataDirectory
    let apiKey: String
    let server: GatewayServer

    /// Builds the fixture: indexes the samples (async) before the server opens the folder.
    static func make(configuration: GatewayConfiguration = GatewayConfiguration(host: "127.0.0.1", port: 0, policy: GatewayFixture.policies)) async throws -> GatewayFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-e2e-\(UUID().uuidString)").path
        let data = DataDirectory(path: folder)
        try data.prepare()
        _ = try await RegulationIndex(path: data.indexPath).sync(directory: GatewayFixture.samples.path)
        return try GatewayFixture(data: data, configuration: configuration)
    }

    private init(data: DataDirectory, configuration: GatewayConfiguration) throws {
        self.data = data
        let signer = try NoteSigner(generatingFor: "hegui.test/audit")
        try KeyFile.writeSecret(signer.signerKey + "\n", to: data.signerKeyPath)
        try (signer.verifierKey + "\n").write(toFile: data.verifierKeyPath, atomically: true, encoding: .utf8)
        apiKey = try APIKeyStore(path: data.apiKeysPath).create(principal: Principal(name: "test-bot", role: .bot, routes: ["cs"]))
        server = try GatewayServer.open(data: data, configuration: configuration)
    }

    deinit { try? FileManager.default.removeItem(atPath: data.path) }

    var logger: Logger {
        var logger = Logger(label: "hegui-test")
        logger.logLevel = .warning
        return logger
    }

    /// Every byte of every file in the audit folder (database, WAL, shared memory).
    func auditStoreBytes() throws -> Data {
        var all = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: data.auditFolder) {
            all.append(try Data(contentsOf: URL(fileURLWithPath: data.auditFolder).appendingPathComponent(name)))
        }
        return all
    }
}
