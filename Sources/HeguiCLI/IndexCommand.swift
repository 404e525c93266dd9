import ArgumentParser
import Foundation
import Gateway
import Retrieval

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Build and search the local regulation index.",
        subcommands: [Sync.self, Search.self])

    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Index the regulations in a folder (idempotent).")
        @OptionGroup var options: DataOptions
        @Argument(help: "Folder of Markdown or text regulations with YAML front matter.") var directory: String

        func run() throws {
            let data = DataDirectory.resolve(options.data)
            try data.prepare()
            let report = try RegulationIndex(path: data.indexPath).sync(directory: directory)
            for problem in report.skipped {
                FileHandle.standardError.write(Data("hegui index sync: skipped \(problem)\n".utf8))
            }
            print("hegui index sync: \(report.summary) (\(data.indexPath))")
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search the index.")
        @OptionGroup var options: DataOptions
        @Argument(help: "The question or keywords.") var query: String
        @Option(help: "Number of clauses to return.") var top = 5
        @Flag(help: "Print a JSON array of hits.") var json = false

        func run() throws {
            let data = DataDirectory.resolve(options.data)
            guard FileManager.default.fileExists(atPath: data.indexPath) else {
                throw ValidationError("no index at \(data.indexPath): run 'hegui index sync DIR' first")
            }
            let hits = try RegulationIndex(path: data.indexPath).search(query, top: top)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
                print(String(decoding: try encoder.encode(hits), as: UTF8.self))
            } else {
                for (rank, hit) in hits.enumerated() {
                    print("\(rank + 1). \(hit.citation)  [\(hit.citationKey)]  score \(String(format: "%.4f", hit.score))")
                    print("   \(hit.text.prefix(120))")
                }
            }
        }
    }
}
