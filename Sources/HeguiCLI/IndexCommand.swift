import ArgumentParser
import Foundation
import Gateway
import Models
import Retrieval

/// Which embedder index commands use: the built-in hashed n-grams, an OpenAI-compatible server, or none.
struct EmbedderOptions: ParsableArguments {
    @Option(help: "OpenAI-compatible embeddings endpoint base URL (…/v1), e.g. a TEI or vLLM server. Default: built-in hashed n-grams.")
    var embedderURL: String?
    @Option(help: "Model name to send to the embeddings endpoint.") var embedderModel = "bge-small-zh"
    @Option(help: "Dimension of the endpoint's vectors.") var embedderDimension = 512
    @Flag(help: "No vectors at all: lexical (BM25) search only.") var lexicalOnly = false

    var embedder: (any Embedder)? {
        if lexicalOnly { return nil }
        if let embedderURL {
            return OpenAIEmbeddingClient(baseURL: embedderURL, model: embedderModel, dimension: embedderDimension,
                                         apiKey: ProcessInfo.processInfo.environment["HEGUI_EMBEDDER_API_KEY"])
        }
        return HashedNgramEmbedder()
    }
}

struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Build and search the local regulation index.",
        subcommands: [Sync.self, Search.self, Show.self, Stats.self])

    static func open(_ options: DataOptions, _ embedder: EmbedderOptions, mustExist: Bool = true) throws -> RegulationIndex {
        let data = DataDirectory.resolve(options.data)
        if mustExist, !FileManager.default.fileExists(atPath: data.indexPath) {
            throw ValidationError("no index at \(data.indexPath): run 'hegui index sync DIR' first")
        }
        try data.prepare()
        return try RegulationIndex(path: data.indexPath, embedder: embedder.embedder)
    }

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Index the regulations in a folder: idempotent; changed documents become new versions, removed ones stop being served.")
        @OptionGroup var options: DataOptions
        @OptionGroup var embedderOptions: EmbedderOptions
        @Argument(help: "Folder of Markdown, text or HTML regulations with YAML front matter.") var directory: String
        @Flag(help: "Recompute every vector with the current embedder (after changing embedders).") var reembed = false
        @Flag(help: "Allow a sync that leaves no document served (an empty folder withdraws every regulation).") var allowRemovingAll = false

        /// Exits with status 1 when a file was skipped, after the rest is indexed: a deploy script or
        /// cron job sees the problem, and the documents those files held stay served meanwhile.
        func run() async throws {
            let index = try IndexCommand.open(options, embedderOptions, mustExist: false)
            let started = ContinuousClock.now
            let report = try await index.sync(directory: directory, reembed: reembed, allowRemovingAll: allowRemovingAll)
            for problem in report.skipped {
                FileHandle.standardError.write(Data("hegui index sync: skipped \(problem)\n".utf8))
            }
            let seconds = Double((ContinuousClock.now - started) / .milliseconds(1)) / 1000
            print("hegui index sync: \(report.summary) in \(String(format: "%.2f", seconds)) s (\(index.path))")
            for (label, ids) in [("added", report.added), ("changed", report.changed), ("removed", report.removed)] where !ids.isEmpty {
                print("  \(label): \(ids.joined(separator: ", "))")
            }
            for kept in report.kept {
                print("  kept: \(kept.documentID), still served at its last good version: \(kept.unreadable.file) could not be read")
            }
            if !report.skipped.isEmpty {
                FileHandle.standardError.write(Data("hegui index sync: \(report.skipped.count) file(s) skipped; fix them and sync again\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search the index.")
        @OptionGroup var options: DataOptions
        @OptionGroup var embedderOptions: EmbedderOptions
        @Argument(help: "The question, keywords, or a reference such as 《个人信息保护法》第二十八条.") var query: String
        @Option(help: "Number of clauses to return.") var top = 5
        @Option(help: "Only documents in force on this date (YYYY-MM-DD; default today).") var date: String?
        @Option(help: "Only this document (repeatable).") var doc: [String] = []
        @Option(help: "Only documents from this issuer.") var issuer: String?
        @Flag(help: "Print a JSON array of hits.") var json = false

        func run() async throws {
            let index = try IndexCommand.open(options, embedderOptions)
            let filters = SearchFilters(date: date ?? RegulationIndex.today(), documentIDs: doc.isEmpty ? nil : doc, issuer: issuer)
            let hits = try await index.search(query, top: top, filters: filters)
            if json { return try IndexCommand.printJSON(hits) }
            for (rank, hit) in hits.enumerated() {
                print("\(rank + 1). \(hit.citation)  [\(hit.citationKey)]  \(hit.matchedBy) score \(String(format: "%.4f", hit.score))")
                print("   \(hit.text.replacingOccurrences(of: "\n", with: " ").prefix(120))")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a document's versions and current clauses.")
        @OptionGroup var options: DataOptions
        @Argument(help: "The document id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            var embedder = EmbedderOptions()
            embedder.lexicalOnly = true
            let (versions, clauses) = try IndexCommand.open(options, embedder).show(documentID: id)
            guard !versions.isEmpty else { throw ValidationError("no document with id \(id)") }
            if json {
                struct Shown: Encodable { var versions: [DocumentVersion]; var clauses: [RetrievalHit] }
                return try IndexCommand.printJSON(Shown(versions: versions, clauses: clauses))
            }
            for version in versions {
                print("\(version.id)@\(version.version) r\(version.revision) \(version.status): 《\(version.title)》 \(version.documentNumber), \(version.issuer), effective \(version.effective)\(version.repealed.map { ", repealed \($0)" } ?? "") (source \(version.source), index versions \(version.addedIn)–\(version.retiredIn.map(String.init) ?? "now"))")
            }
            for clause in clauses { print("  \(clause.clausePath)  \(clause.text.replacingOccurrences(of: "\n", with: " ").prefix(80))") }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print figures about the index.")
        @OptionGroup var options: DataOptions
        @OptionGroup var embedderOptions: EmbedderOptions

        func run() async throws {
            try IndexCommand.printJSON(try IndexCommand.open(options, embedderOptions).stats())
        }
    }
}
