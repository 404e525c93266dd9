import AnswerChecks
import ArgumentParser
import Crypto
import AuditTrail
import Foundation
import Gateway
import Masking
import Scrubbing

struct ScrubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scrub",
        abstract: "Mask personal information in a fine-tuning dataset (JSONL or a JSON array) before training.",
        discussion: """
            Layouts (detected from the first record, or --format): alpaca, sharegpt, openai (messages), preference \
            (chosen/rejected), text; --fields a,b.c masks only those field paths. Every other layout masks every string and number value, each labelled by its field's name (\"phone\": 88886666 is a phone number; a number with a finding becomes a string).
            The output keeps each record byte for byte apart from the masked strings, is written to OUT.partial and renamed \
            when done (never over the input). Records that are not valid UTF-8 or JSON go to the rejects file with their line \
            numbers; with --check-answers, samples whose assistant turns break the answer rules go to the quarantine file \
            with their reasons. The job is recorded as a scrub_job entry in the audit log (--data), linking the input and \
            output digests; without a working audit log nothing is published.
            """)

    @Argument(help: "The dataset to scrub (.jsonl or .json).") var input: String
    @Option(help: "Where to write the scrubbed dataset.") var out: String
    @Option(help: "Write the JSON report here.") var report: String?
    @Option(help: "Layout: alpaca, sharegpt, openai, preference or text (default: detected).") var format: String?
    @Option(help: "Mask only these comma-separated field paths, e.g. conversations.value,system.") var fields: String?
    @Flag(help: "Replace values by keyed HMAC pseudonyms, stable across files and runs with the same key.") var pseudonymize = false
    @Flag(help: "Quarantine samples whose assistant turns break the answer rules (sections, banned phrases).") var checkAnswers = false
    @Option(help: "Quarantine file (default: OUT.quarantine.jsonl).") var quarantine: String?
    @Option(help: "Rejects file (default: OUT.rejects.jsonl).") var rejects: String?
    @Flag(help: "Continue an interrupted run of the same job.") var resume = false
    @Flag(help: "Add the output to dataset_info.json in the output's folder, for LLaMA-Factory.") var emitDatasetInfo = false
    @Option(help: "Records masked together in parallel.") var batch = ScrubJobOptions.defaultBatchSize
    @Option(help: "Longest record accepted, in bytes.") var maxRecordBytes = 64 << 20
    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var dataOptions: DataOptions

    func run() async throws {
        if format != nil && fields != nil { throw ValidationError("give --format or --fields, not both") }
        var layout: DatasetLayout?
        if let format {
            guard let named = DatasetLayout(name: format) else {
                throw ValidationError("unknown --format \(format); use one of \(DatasetLayout.names.joined(separator: ", "))")
            }
            layout = named
        }
        if let fields {
            layout = DatasetLayout.custom(fields: fields)
            if case let .custom(paths) = layout, paths.isEmpty { throw ValidationError("--fields lists no field path") }
        }
        let policy = try policyOptions.load()
        let answerPolicy: AnswerPolicy?
        do { answerPolicy = checkAnswers ? try AnswerPolicy.load(directory: policyOptions.policy) : nil } catch {
            throw ValidationError("\(error)")
        }
        let key: SymmetricKey?
        do {
            key = pseudonymize || policy.needsPseudonymKey ? try PseudonymKey.load(file: policyOptions.pseudonymKeyFile) : nil
            _ = try RecordScrubber.masker(policy: policy, pseudonymize: pseudonymize, pseudonymKey: key)   // refuses early without a key
        } catch {
            throw ValidationError("\(error)")
        }
        // The audit log must work before any work is done: no audit, no published output.
        let log = try DataDirectory.resolve(dataOptions.data).openAuditLog()

        var options = ScrubJobOptions(input: input, output: out)
        options.quarantine = quarantine
        options.rejects = rejects
        options.layout = layout
        options.checkAnswers = checkAnswers
        options.resume = resume
        options.batchSize = max(1, batch)
        options.maximumRecordBytes = max(1024, maxRecordBytes)
        // The key's public name, not the key: a resume with another key would give one customer
        // two pseudonyms in one dataset.
        let keyID = key.map(PseudonymKey.identifier(of:))
        options.fingerprint = "policy=\(policy.digest)|pseudonymize=\(pseudonymize)" + (keyID.map { "|key=\($0)" } ?? "")
        let checker = answerPolicy?.sampleChecker
        let job = ScrubJob(options: options) { layout in
            // One replica of the policy per core: see MaskingPolicy.replica().
            RecordScrubber(masker: try RecordScrubber.masker(policy: policy.replica(), pseudonymize: pseudonymize, pseudonymKey: key),
                           layout: layout, answerChecker: checker)
        }
        let progress = ProgressLine()
        let summary: ScrubSummary
        do { summary = try job.run { progress.update($0) } } catch let error as ScrubError {
            progress.finish()
            throw ValidationError(error.description)
        }
        progress.finish()
        if resume && !summary.resumed {
            FileHandle.standardError.write(Data("hegui scrub: no interrupted run of this job to resume; scrubbed from the beginning\n".utf8))
        }

        let tally = summary.tally
        var details: [String: String] = [
            "input": input, "input_sha256": summary.inputSHA256, "input_bytes": String(summary.inputBytes),
            "output": out, "output_sha256": summary.outputSHA256, "output_bytes": String(summary.outputBytes),
            "layout": summary.layout.description, "pseudonymized": String(pseudonymize), "checked_answers": String(checkAnswers),
            "records_in": String(tally.recordsIn), "records_out": String(tally.recordsOut),
            "quarantined": String(tally.quarantined), "rejected": String(tally.rejected),
        ]
        if let report { details["report"] = report }
        if let keyID { details["pseudonym_key_id"] = keyID }
        var entry = AuditEntry.event(kind: "scrub_job", principal: AuditCommand.cliPrincipal, time: AuditLog.nowTimestamp(), details: details)
        entry.policyDigest = policy.digest
        entry.findingCounts = tally.findingsByType
        let recorded: AuditEntry
        do { recorded = try await log.append(entry) } catch {
            throw ValidationError("the job could not be recorded in the audit log (\(error)); nothing was published, the output stays in \(out).partial — fix the log and run again with --resume")
        }
        _ = try? await log.flushAndCheckpoint()
        try job.publish(summary)

        var scrubReport = ScrubReport(summary: summary, input: input, output: out, policyDigest: policy.digest, pseudonymized: pseudonymize,
                                      checkedAnswers: checkAnswers,
                                      quarantinePath: tally.quarantined > 0 || quarantine != nil ? options.quarantinePath : nil,
                                      rejectsPath: tally.rejected > 0 || rejects != nil ? options.rejectsPath : nil, auditID: recorded.id)
        scrubReport.peakMemoryMegabytes = ProcessUsage.peakResidentMegabytes()
        scrubReport.pseudonymKeyID = keyID
        if let report {
            try ScrubCommand.writeAtomically(scrubReport.json(), to: report)
        }
        if emitDatasetInfo { try writeDatasetInfo(summary) }
        FileHandle.standardError.write(Data((scrubReport.humanSummary + "\n").utf8))
    }

    /// Adds (or replaces) this output's entry in `dataset_info.json` beside it, keeping other entries.
    private func writeDatasetInfo(_ summary: ScrubSummary) throws {
        let outputURL = URL(fileURLWithPath: out)
        let fileName = outputURL.lastPathComponent
        guard let sample = summary.sample, let entry = summary.layout.datasetInfo(fileName: fileName, sample: sample) else {
            FileHandle.standardError.write(Data("hegui scrub: LLaMA-Factory has no dataset_info formatting for layout \(summary.layout); none written\n".utf8))
            return
        }
        let path = outputURL.deletingLastPathComponent().appendingPathComponent("dataset_info.json").path
        var info: [String: Any] = [:]
        if let existing = FileManager.default.contents(atPath: path) {
            guard let parsed = try? JSONSerialization.jsonObject(with: existing) as? [String: Any] else {
                throw ValidationError("\(path) exists but is not a JSON object; fix or remove it")
            }
            info = parsed
        }
        let name = fileName.split(separator: ".").first.map(String.init) ?? fileName
        info[name] = entry
        try ScrubCommand.writeAtomically(try JSONSerialization.data(withJSONObject: info, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), to: path)
    }

    static func writeAtomically(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data + Data("\n".utf8)) else {
            throw ValidationError("cannot write \(temporary)")
        }
        if rename(temporary, path) != 0 { throw ValidationError("cannot move \(temporary) to \(path): \(String(cString: strerror(errno)))") }
    }
}
