import ArgumentParser

/// `hegui`: the gateway, its index, its keys and its audit log from the command line.
struct Hegui: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hegui",
        abstract: "Compliance gateway for customer-service bots: PII masking, cited answers, signed audit trail.",
        subcommands: [ServeCommand.self, MaskCommand.self, PolicyCommand.self, IndexCommand.self, KeysCommand.self, AuditCommand.self, ScrubCommand.self, BenchCommand.self])
}

/// The `--data DIR` option every command takes.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "The node's data folder (index, audit log, keys). Default: $HEGUI_DATA, else ./.hegui-data.")
    var data: String?
}
