import ArgumentParser
import Foundation
import Masking

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Check PII policy files before they go live.",
        subcommands: [Lint.self, Test.self, Explain.self])

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

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every match of every recognizer in a text and what became of it.",
            discussion: """
                For each match: its span (code points, end exclusive), type, recognizer, score, outcome \
                (kept; below min_score; allow-listed; covered by a longer or stronger finding) and reason. \
                The text comes from the arguments, or from stdin when there are none. It is printed back: \
                run this on sample text, not on production data.
                """)
        @OptionGroup var policyOptions: PolicyOptions
        @Option(help: "The name of the field the text is the value of (phone, 姓名): read as its label.")
        var field: String?
        @Argument(help: "The text (joined with spaces); stdin when omitted.") var words: [String] = []

        func run() throws {
            let policy = try policyOptions.load()
            let text = words.isEmpty ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : words.joined(separator: " ")
            let scalars = Array(text.unicodeScalars)
            let explanations = try policy.detector.explanations(of: text, fieldLabel: field)
            print("policy \(policy.digest), min_score \(policy.detector.minimumScore)")
            if explanations.isEmpty { print("no recognizer matched") }
            for explanation in explanations {
                let finding = explanation.finding
                let value = String(String.UnicodeScalarView(scalars[finding.start..<finding.end]))
                let span = "[\(finding.start), \(finding.end))".padding(toLength: 10, withPad: " ", startingAt: 0)
                print("\(span) \(finding.type.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) "
                      + "\(finding.recognizer.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(format: "%.2f", finding.score))  "
                      + "\(explanation.outcomeDescription.padding(toLength: 34, withPad: " ", startingAt: 0)) \(value.debugDescription)  \(finding.reason)")
            }
        }
    }
}
