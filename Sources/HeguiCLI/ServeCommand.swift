import ArgumentParser
import Foundation
import Gateway
import Logging
import Retrieval

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the gateway's HTTP server.")

    @OptionGroup var options: DataOptions
    @Option(help: "YAML configuration file (see Deploy/hegui.yaml).") var config: String?
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080; 0 picks a free port).") var port: Int?

    func run() async throws {
        var configuration = try config.map(GatewayConfiguration.load(path:)) ?? GatewayConfiguration()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        let data = DataDirectory.resolve(options.data)
        let server = try GatewayServer.open(data: data, configuration: configuration)
        var logger = Logger(label: "hegui")
        logger.logLevel = .info
        let host = configuration.host
        let stats = try server.pipeline.index.stats()
        FileHandle.standardOutput.write(Data("hegui: regulation index version \(stats.indexVersion): \(stats.currentDocuments) documents, \(stats.servedChunks) clauses served\n".utf8))
        let citing = configuration.routes.filter(\.requireCitations).map(\.name)
        if stats.servedChunks == 0 && !citing.isEmpty {
            FileHandle.standardError.write(Data("hegui: warning: the regulation index serves no clause, and routes \(citing.joined(separator: ", ")) require citations: every answer on them will be blocked until 'hegui index sync DIR --data \(data.path)' indexes the regulations\n".utf8))
        }
        let app = server.application(logger: logger) { port in
            FileHandle.standardOutput.write(Data("hegui: listening on http://\(host):\(port) (data folder \(data.path))\n".utf8))
        }
        try await app.runService()
        // Belt and braces: the checkpoint service signs at shutdown; this covers anything after it.
        _ = try await server.audit.flushAndCheckpoint()
    }
}
