import AnswerChecks
import ArgumentParser
import Foundation
import Masking
import Scrubbing
import SyntheticData

/// `hegui bench scrub`: end-to-end MB/s of `hegui scrub` on a generated fine-tuning file, with the
/// process's peak memory (which must not grow with the file).
struct ScrubBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scrub",
        abstract: "MB/s and peak memory of scrubbing a generated JSONL dataset end to end (read, mask on every core, write, hash).")

    @OptionGroup var policyOptions: PolicyOptions
    @Option(help: "Size of the generated dataset in MB.") var megabytes = 100
    @Option(help: "alpaca, sharegpt or openai.") var layout = "sharegpt"
    @Option(help: "Use this dataset instead of generating one.") var file: String?
    @Flag(help: "Also check assistant turns against the answer rules.") var checkAnswers = false
    @Option(help: "Records per parallel batch.") var batch = ScrubJobOptions.defaultBatchSize

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-scrub-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input: String
        if let file {
            input = file
        } else {
            guard let corpusLayout = FineTuningCorpus.Layout(rawValue: layout) else { throw ValidationError("--layout: alpaca, sharegpt or openai") }
            input = folder + "/input.jsonl"
            let clock = ContinuousClock()
            let started = clock.now
            let written = try ScrubBench.generate(path: input, layout: corpusLayout, bytes: megabytes * 1_000_000)
            print("generated \(written.records) \(layout) records, \(String(format: "%.1f", Double(written.bytes) / 1e6)) MB in \(String(format: "%.1f", (clock.now - started) / .seconds(1))) s")
        }
        let policy = try policyOptions.load()
        let checker = checkAnswers ? try AnswerPolicy.load(directory: policyOptions.policy).sampleChecker : nil
        var options = ScrubJobOptions(input: input, output: folder + "/output.jsonl")
        options.checkAnswers = checkAnswers
        options.batchSize = batch
        let job = ScrubJob(options: options) {
            RecordScrubber(masker: try RecordScrubber.masker(policy: policy.replica(), pseudonymize: false, pseudonymKey: nil),
                           layout: $0, answerChecker: checker)
        }
        let cpuBefore = ProcessUsage.cpuSeconds()
        let summary = try job.run()
        let cpu = ProcessUsage.cpuSeconds() - cpuBefore
        let tally = summary.tally
        let megabytesPerSecond = Double(summary.inputBytes) / 1e6 / summary.seconds
        print("scrub: \(tally.recordsIn) records, \(String(format: "%.1f", Double(summary.inputBytes) / 1e6)) MB in \(String(format: "%.1f", summary.seconds)) s = \(String(format: "%.2f", megabytesPerSecond)) MB/s on \(ProcessInfo.processInfo.activeProcessorCount) cores (\(summary.layout)); \(tally.findingsByType.values.reduce(0, +)) findings, \(tally.quarantined) quarantined, \(tally.rejected) rejected")
        print("CPU: \(String(format: "%.1f", cpu)) s, \(String(format: "%.2f", cpu / summary.seconds)) cores busy on average; \(String(format: "%.1f", Double(summary.inputBytes) / 1e6 / cpu)) MB per CPU second")
        print("peak memory (max RSS of this process): \(ProcessUsage.peakResidentMegabytes()) MB")
    }

    /// Writes generated records until the file reaches `bytes`.
    static func generate(path: String, layout: FineTuningCorpus.Layout, bytes: Int) throws -> (records: Int, bytes: Int) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot create \(path)")
        }
        defer { try? handle.close() }
        var corpus = FineTuningCorpus(layout: layout)
        var written = 0, records = 0
        var chunk = Data()
        while written < bytes, let record = corpus.next() {
            chunk.append(contentsOf: record.utf8)
            chunk.append(0x0A)
            written += record.utf8.count + 1
            records += 1
            if chunk.count > 1 << 20 { try handle.write(contentsOf: chunk); chunk.removeAll(keepingCapacity: true) }
        }
        try handle.write(contentsOf: chunk)
        return (records, written)
    }
}
