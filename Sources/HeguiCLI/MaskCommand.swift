import ArgumentParser
import Foundation
import Masking

struct MaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mask",
        abstract: "Mask personal information: text on stdin, masked text on stdout.",
        discussion: """
            Plain mode masks paragraph by paragraph (lines up to a blank line), with one tag numbering for the whole input, \
            so a value keeps its tag throughout, and a table or a label on the line above its value is read whole.
            --jsonl reads {"id": …, "text": "…"} per line and prints {"id", "masked", "findings"} per line, in input order, \
            using every core; each record is its own conversation. start/end are Unicode code-point offsets, end exclusive.
            """)

    @OptionGroup var policyOptions: PolicyOptions
    @Flag(help: "JSON lines in, JSON lines out, with findings.") var jsonl = false
    @Option(help: "Records masked together in parallel (memory stays bounded by one batch).") var batch = 2048

    /// A paragraph longer than this is masked as it stands (well under the policy's input limit).
    static let paragraphBytes = 256 << 10

    func run() throws {
        let policy = try policyOptions.load()
        let masker = try policyOptions.masker(for: policy)
        if jsonl {
            let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
            let maskers = try [masker] + (1..<cores).map { _ in try policyOptions.masker(for: policy.replica()) }
            let failed = try JSONLMasker(maskers: maskers, batchSize: max(1, batch)).run(input: FileHandle.standardInput, output: FileHandle.standardOutput)
            if failed > 0 {
                FileHandle.standardError.write(Data("hegui mask: \(failed) record(s) could not be masked; see their error lines\n".utf8))
                throw ExitCode(1)
            }
            return
        }
        var session = MaskingSession()
        var paragraph = ""
        var firstLine = 1, lineNumber = 0
        /// Masks and prints what has been read since the last blank line.
        func flush() throws {
            guard !paragraph.isEmpty else { return }
            do {
                print(try masker.mask(paragraph, session: &session).masked, terminator: "")
            } catch {
                // Nothing unmasked is printed: the paragraph is withheld and the command fails.
                FileHandle.standardError.write(Data("hegui mask: lines \(firstLine)–\(lineNumber): \(error)\n".utf8))
                throw ExitCode(1)
            }
            paragraph = ""
            firstLine = lineNumber + 1
        }
        while let line = readLine(strippingNewline: false) {
            lineNumber += 1
            paragraph += line
            // A blank line ends a paragraph; so does a large one, to keep memory bounded.
            if line.allSatisfy(\.isWhitespace) || paragraph.utf8.count >= MaskCommand.paragraphBytes { try flush() }
        }
        try flush()
    }
}
