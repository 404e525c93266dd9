import ArgumentParser
import Dispatch
import Foundation
import Masking
import Synchronization
import SyntheticData

/// `hegui bench mask`: masking throughput on the seeded labelled corpus, on one core and on all.
struct MaskBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mask",
        abstract: "MB/s and messages/s of masking (every recognizer on) on the generated corpus, one core and all cores.")

    @OptionGroup var policyOptions: PolicyOptions
    @Option(help: "Distinct generated messages.") var messages = 20_000
    @Option(help: "Passes over the corpus per measurement.") var passes = 3
    @Flag(help: "Also print per-type precision and recall on the corpus.") var quality = false
    @Flag(help: "Also print the time each recognizer takes on its own (fastest of --passes runs), slowest first.") var perRecognizer = false
    @Option(help: "Join messages into documents of about this many bytes (0: mask message by message).") var documentBytes = 0
    @Option(help: ArgumentHelp("Measure on your own texts instead of the generated corpus: JSON lines with a \"text\" field (what `hegui mask --jsonl` reads), or plain text, one text per line.",
                               valueName: "file")) var input: String?

    func validate() throws {
        if input != nil && quality { throw ValidationError("--quality needs the labelled generated corpus; it cannot be combined with --input") }
    }

    func run() throws {
        let policy = try policyOptions.load()
        let masker = try policyOptions.masker(for: policy)
        let corpus = input == nil ? PIICorpus.generate(count: messages) : []
        let texts = documents(from: try input.map(MaskBench.texts(in:)) ?? corpus.map(\.text))
        guard !texts.isEmpty else { throw ValidationError("\(input ?? "the corpus") has no texts to measure") }

        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        print("\(input ?? "corpus"): \(texts.count) \(documentBytes > 0 ? "documents" : "messages"), \(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB, \(bytes / texts.count) bytes per message; policy \(policy.digest.prefix(19))…, \(policy.recognizers.count) recognizers")
        _ = try texts.prefix(500).map { try masker.mask($0) }   // warm up: JIT stacks, caches

        let clock = ContinuousClock()
        var findings = 0
        // Each pass timed on its own: the median pass is the figure, the fastest shows how much
        // of the spread is other load on the machine.
        var passTimes: [Double] = []
        for _ in 0..<passes {
            let begin = clock.now
            for text in texts { findings += try masker.mask(text).findings.count }
            passTimes.append(seconds(clock.now - begin))
        }
        passTimes.sort()
        report("one core", bytes: bytes, messages: texts.count, seconds: passTimes[passTimes.count / 2], cores: 1,
               note: passes > 1 ? "median of \(passes) passes; fastest \(String(format: "%.1f", Double(bytes) / 1_000_000 / passTimes[0])) MB/s" : nil)
        var start = clock.now

        let cores = ProcessInfo.processInfo.activeProcessorCount
        let failures = FailureCounter()
        // One replica per worker, as `hegui scrub` and `hegui mask --jsonl` do (MaskingPolicy.replica()).
        let replicas = try (0..<cores).map { _ in try policyOptions.masker(for: policy.replica()) }
        start = clock.now
        for _ in 0..<passes {
            // Each worker takes the next 64 texts until none are left, as `hegui scrub` and `hegui
            // mask --jsonl` take records: with a fixed share each, a worker the hypervisor paused
            // left the other idle at the end of every pass, and the figure measured the pause.
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: cores) { worker in
                // Taken once: `replicas[worker].mask(…)` copied the masker (a retain and a release
                // of each of its parts) for every text, and the bench measured that.
                let masker = replicas[worker]
                while true {
                    let first = next.wrappingAdd(64, ordering: .relaxed).oldValue
                    guard first < texts.count else { return }
                    for index in first..<min(first + 64, texts.count) {
                        do { _ = try masker.mask(texts[index]) } catch { failures.add() }
                    }
                }
            }
        }
        let parallel = seconds(clock.now - start)
        report("\(cores) cores", bytes: bytes * passes, messages: texts.count * passes, seconds: parallel, cores: cores)
        print("findings per pass: \(findings / passes); refused: \(failures.count)")
        if perRecognizer {
            // Each recognizer in a detector of its own (its gates and cue words included), minus a
            // detector with none (folding the text and finding cue words): what it adds per message.
            let detector = policy.detector
            func cost(_ recognizers: [any Recognizer]) throws -> Double {
                let alone = PIIDetector(recognizers: recognizers, minimumScore: detector.minimumScore, allowList: detector.allowList,
                                        maxInputBytes: detector.maxInputBytes)
                // The fastest of `passes` runs: the least disturbed by other processes.
                var fastest = Double.infinity
                for _ in 0..<passes {
                    let begin = clock.now
                    for text in texts { _ = try alone.findings(in: text) }
                    fastest = min(fastest, seconds(clock.now - begin))
                }
                return fastest / Double(texts.count) * 1e9
            }
            var folding = Double.infinity
            for _ in 0..<passes {
                let begin = clock.now
                for text in texts { _ = NormalizedText(text) }
                folding = min(folding, seconds(clock.now - begin))
            }
            print("  \("(fold text)".padding(toLength: 26, withPad: " ", startingAt: 0)) \(String(format: "%6.1f", folding / Double(texts.count) * 1e9)) ns/message")
            // A pattern's PCRE2 scan alone, over every text with no gate: what PCRE2 costs before
            // any of Hegui's own work, and so a floor under the figures above.
            let normalized = texts.map { NormalizedText($0) }
            func scanCost(_ pattern: CompiledPattern) throws -> Double {
                var fastest = Double.infinity
                for _ in 0..<passes {
                    let begin = clock.now
                    for text in normalized {
                        guard let workspace = text.workspace else { continue }
                        _ = try pattern.matches(in: text.utf8, workspace: workspace)
                    }
                    fastest = min(fastest, seconds(clock.now - begin))
                }
                return fastest / Double(texts.count) * 1e9
            }
            let baseline = try cost([])
            var costs: [(id: String, inDetector: Double, scan: Double?)] = []
            for recognizer in detector.recognizers {
                let scan = try (recognizer as? PatternRecognizer).map { try scanCost($0.pattern) }
                costs.append((recognizer.id, max(0, try cost([recognizer]) - baseline), scan))
            }
            let total = costs.reduce(0) { $0 + $1.inDetector }
            print("  \("(fold text + cue words)".padding(toLength: 26, withPad: " ", startingAt: 0)) \(String(format: "%6.1f", baseline)) ns/message")
            print("  recognizer                 in the detector      its PCRE2 scan alone, every text")
            for cost in costs.sorted(by: { $0.inDetector > $1.inDetector }) {
                print("  \(cost.id.padding(toLength: 26, withPad: " ", startingAt: 0)) \(String(format: "%6.1f", cost.inDetector)) ns/message  \(String(format: "%4.1f", cost.inDetector / total * 100))%"
                      + (cost.scan.map { "  " + String(format: "%8.1f", $0) + " ns/message" } ?? ""))
            }
            let scans = costs.compactMap(\.scan).reduce(0, +)
            print("  PCRE2 scans alone, every pattern over every text: \(String(format: "%.0f", scans)) ns/message = "
                  + "\(String(format: "%.1f", Double(bytes) / Double(texts.count) / scans * 1000)) MB/s on one core before any other work "
                  + "(the detector's gates skip some of these scans)")
        }
        if quality {
            print(try MaskingEvaluation(messages: corpus, detector: policy.detector).table)
        }
    }

    /// The texts of `path`: each line's `"text"` when every non-empty line is a JSON object with
    /// one, otherwise each non-empty line as it is.
    static func texts(in path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read --input \(path)") }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        var texts: [String] = []
        for line in lines {
            guard line.first == "{", let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let text = object["text"] as? String else {
                return lines.map(String.init)   // plain text
            }
            texts.append(text)
        }
        return texts
    }

    /// The messages joined into documents of about `documentBytes` bytes, or as they are.
    private func documents(from messages: [String]) -> [String] {
        guard documentBytes > 0 else { return messages }
        var documents: [String] = [], current = ""
        for text in messages {
            current += text + "\n"
            if current.utf8.count >= documentBytes {
                documents.append(current)
                current = ""
            }
        }
        if !current.isEmpty { documents.append(current) }
        return documents
    }

    private func report(_ label: String, bytes: Int, messages: Int, seconds: Double, cores: Int, note: String? = nil) {
        let megabytes = Double(bytes) / 1_000_000 / seconds
        print("\(label): \(String(format: "%.1f", megabytes)) MB/s (\(String(format: "%.1f", megabytes / Double(cores))) MB/s per core), \(Int(Double(messages) / seconds)) messages/s\(note.map { " (\($0))" } ?? "")")
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Counts failures from concurrent workers.
final class FailureCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
