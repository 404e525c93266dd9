import ArgumentParser
import Foundation

/// `hegui bench gateway`'s handle on its load generator: a `hegui bench gateway-load` child process
/// (the same executable) that runs the mock model server and sends the requests.
struct LoadGeneratorProcess {
    private let process: Process
    private let commands: FileHandle
    private var replies: LineChannel
    /// The mock model server's port, for the gateway's upstream route.
    let upstreamPort: Int

    /// Starts the child and waits until its mock model server listens.
    init() async throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["bench", "gateway-load"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        commands = input.fileHandleForWriting
        replies = LineChannel(reading: output.fileHandleForReading)
        upstreamPort = try await LoadGeneratorProcess.decode(GatewayLoadGenerator.Started.self, from: &replies).upstreamPort
    }

    /// Tells the child where the gateway listens.
    func connect(gatewayPort: Int, apiKey: String) throws {
        try LineChannel.write(GatewayLoadGenerator.Setup(gatewayPort: gatewayPort, apiKey: apiKey), to: commands)
    }

    /// Runs one measurement in the child and returns its figures.
    mutating func run(_ load: GatewayLoadGenerator.Load) async throws -> GatewayLoadGenerator.Result {
        try LineChannel.write(load, to: commands)
        return try await LoadGeneratorProcess.decode(GatewayLoadGenerator.Result.self, from: &replies)
    }

    /// Closes the child's input, which ends it, and waits for it.
    func stop() {
        try? commands.close()
        process.waitUntilExit()
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, from replies: inout LineChannel) async throws -> Value {
        guard let line = await replies.nextLine() else {
            throw ValidationError("the load generator (hegui bench gateway-load) ended early; its errors are above")
        }
        return try JSONDecoder().decode(type, from: Data(line.utf8))
    }
}
