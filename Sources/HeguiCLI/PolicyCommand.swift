import ArgumentParser
import Foundation
import Masking

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Check PII policy files before they go live.",
        subcommands: [Lint.self, Test.self])

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every policy file; print each problem as file:line:column, or the bundle's digest.")
        @OptionGroup var policyOptions: PolicyOptions

        func run() throws {
            let policy = try policyOptions.load()
            let byType = Dictionary(grouping: policy.recognizers, by: \.type).mapValues(\.count)
            print("ok: \(policy.files.count) files, \(policy.recognizers.count) recognizers for \(byType.count) types")
            for type in EntityType.all {
                let count = byType[type.rawValue] ?? 0
                let op = policy.operators[type]?.description ?? "tag"
                print("  \(type.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(count) recognizer(s), operator \(op)")
            }
            print("digest \(policy.digest)")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a YAML list of examples (text → expected findings) and report every mismatch.")
        @OptionGroup var policyOptions: PolicyOptions
        @Argument(help: "Examples file, e.g. Policies/tests/pii-examples.yaml.") var file: String

        func run() throws {
            let policy = try policyOptions.load()
            let examples: PolicyExamples
            do {
                examples = try PolicyExamples(path: file)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(1)
            }
            let mismatches = try examples.run(with: policy.detector)
            for mismatch in mismatches { print("\(file):\(mismatch)") }
            print("\(examples.examples.count - mismatches.count) of \(examples.examples.count) examples pass (policy \(policy.digest))")
            if !mismatches.isEmpty { throw ExitCode(1) }
        }
    }
}
