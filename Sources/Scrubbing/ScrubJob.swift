import Crypto
import Dispatch
import Foundation
import JSONCore
import Synchronization

/// Where a scrub job reads and writes, and how.
public struct ScrubJobOptions: Sendable {
    public var input: String
    public var output: String
    /// Samples failing the answer rules; default `OUT.quarantine.jsonl`.
    public var quarantine: String?
    /// Records that could not be read; default `OUT.rejects.jsonl`.
    public var rejects: String?
    /// nil: detect from the first readable record.
    public var layout: DatasetLayout?
    public var checkAnswers = false
    public var resume = false
    /// Records masked together across all cores. Three batches are in memory at most, so memory is
    /// bounded by three batches of at most ``batchBytes`` each (and their masked copies). Each batch
    /// ends with its fsyncs and a checkpoint: with 1,024 records (~1 MB, ~25 ms of scrubbing on two
    /// cores) a slow fsync often left both cores idle; 4,096 gave 4–5% more MB/s on the 100 MB
    /// benchmark file for 17 MB more peak memory, and larger batches gained nothing more.
    public var batchSize = ScrubJobOptions.defaultBatchSize
    public static let defaultBatchSize = 4096
    /// A batch ends before it holds more record bytes than this (large records: fewer per batch).
    public var batchBytes = 4 << 20
    public var maximumRecordBytes = 64 << 20
    /// Settings a resumed run must share with the interrupted one (policy digest, pseudonymization…).
    public var fingerprint = ""

    public init(input: String, output: String) {
        self.input = input
        self.output = output
    }

    public var quarantinePath: String { quarantine ?? output + ".quarantine.jsonl" }
    public var rejectsPath: String { rejects ?? output + ".rejects.jsonl" }
}

/// How far a job has got, for a progress bar.
public struct ScrubProgress: Sendable {
    public var records: Int
    public var bytesRead: UInt64
    public var totalBytes: UInt64
    public var seconds: Double
}

/// What a finished job produced.
public struct ScrubSummary: Sendable {
    public var tally: ScrubTally
    public var layout: DatasetLayout
    public var container: ContainerFormat
    public var inputSHA256: String
    public var outputSHA256: String
    public var inputBytes: UInt64
    public var outputBytes: UInt64
    public var seconds: Double
    /// Whether this run continued an interrupted one.
    public var resumed: Bool
    /// The first record that parsed, for `dataset_info.json`.
    public var sample: JSONNode?
}

/// Scrubs one dataset file: streams records in batches, masks each batch on every core, writes the
/// results in input order to `OUT.partial` (never over the input), checkpoints after every batch so
/// `--resume` can continue after a kill, and renames into place on ``publish(_:)``.
public final class ScrubJob {
    public let options: ScrubJobOptions
    private let makeScrubber: (DatasetLayout) throws -> RecordScrubber

    /// - Parameter makeScrubber: builds a record scrubber once the layout is known; called once per
    ///   core, and each call should return a scrubber sharing no masker with the others (see
    ///   `MaskingPolicy.replica()`), or the cores slow each other down.
    public init(options: ScrubJobOptions, makeScrubber: @escaping (DatasetLayout) throws -> RecordScrubber) {
        self.options = options
        self.makeScrubber = makeScrubber
    }

    var partialOutput: String { options.output + ".partial" }
    var partialQuarantine: String { options.quarantinePath + ".partial" }
    var partialRejects: String { options.rejectsPath + ".partial" }
    var statePath: String { partialOutput + ".state" }

    public func run(progress: (ScrubProgress) -> Void = { _ in }) throws -> ScrubSummary {
        let clock = ContinuousClock()
        let started = clock.now
        try checkPaths()
        let inputSize = try fileSize(options.input)
        let container = try RecordReader.sniff(path: options.input)
        let (detected, sample) = try detectLayout(container: container)
        let layout = options.layout ?? detected
        guard let layout else { throw sample.map { ScrubError.undetectableLayout(keys: $0.keys) } ?? ScrubError.noRecordToDetect }
        if options.checkAnswers && !layout.hasAssistantTurns { throw ScrubError.noAssistantTurns(layout) }
        let scrubbers = try (0..<max(1, ProcessInfo.processInfo.activeProcessorCount)).map { _ in try makeScrubber(layout) }
        let fingerprint = "\(options.fingerprint)|layout=\(layout)|container=\(container.rawValue)|check=\(options.checkAnswers)"

        guard let input = FileHandle(forReadingAtPath: options.input) else { throw ScrubError.cannotOpen(options.input) }
        defer { try? input.close() }
        let inputIdentity = ScrubState.FileIdentity(path: options.input)
        var state = ScrubState(fingerprint: fingerprint, inputSize: inputSize, inputIdentity: inputIdentity, inputOffset: 0, line: 1, readerState: .start,
                               container: container, layout: layout.description, emittedAny: false,
                               outputBytes: 0, quarantineBytes: 0, rejectsBytes: 0, tally: ScrubTally())
        var inputHasher = SHA256()
        var outputHasher = SHA256()
        var resumed = false
        if options.resume, let saved = ScrubState.load(path: statePath) {
            guard saved.fingerprint == fingerprint else {
                throw ScrubError.resumeMismatch("the interrupted run used other settings (\(saved.fingerprint))")
            }
            guard saved.inputSize == inputSize else {
                throw ScrubError.resumeMismatch("the input changed size since the interrupted run (\(saved.inputSize) → \(inputSize) bytes)")
            }
            if let before = saved.inputIdentity, before != inputIdentity {
                throw ScrubError.resumeMismatch("the input was replaced or modified since the interrupted run (same size, but another file or a newer modification time)")
            }
            state = saved
            resumed = true
            try ScrubJob.hashPrefix(of: options.input, length: state.inputOffset, into: &inputHasher)
            try ScrubJob.hashPrefix(of: partialOutput, length: state.outputBytes, into: &outputHasher)
            try input.seek(toOffset: state.inputOffset)
        }
        let output = try ScrubJob.openForWriting(partialOutput, keeping: resumed ? state.outputBytes : 0)
        let quarantine = try ScrubJob.openForWriting(partialQuarantine, keeping: resumed ? state.quarantineBytes : 0)
        let rejects = try ScrubJob.openForWriting(partialRejects, keeping: resumed ? state.rejectsBytes : 0)
        defer { try? output.close(); try? quarantine.close(); try? rejects.close() }

        var reader = RecordReader(handle: input, format: container, maximumRecordBytes: options.maximumRecordBytes,
                                  offset: state.inputOffset, line: state.line, state: state.readerState)
        reader.hasher = inputHasher
        // Two batches are queued for the cores at all times: when batch N is done, N + 1 starts at
        // once, whatever this thread is doing. Meanwhile this thread writes, syncs and checkpoints
        // batch N and reads N + 2. Before, the cores waited for this thread to hand them the next
        // batch, and a slow fsync left both idle. Batches are still written one after another in
        // input order; three are in memory at most (two queued, one being written).
        func readBatch() throws -> ReadBatch {
            var batch = ReadBatch()
            var batchBytes = 0
            while batch.pieces.count < options.batchSize, batchBytes < options.batchBytes, let piece = try reader.next() {
                batchBytes += piece.record?.count ?? 0
                batch.pieces.append(piece)
            }
            (batch.lineAfter, batch.readerStateAfter) = (reader.currentLine, reader.state)
            return batch
        }
        func writeBatch(_ batch: ReadBatch, _ outcomes: [RecordOutcome?]) throws {
            var written = BatchOutput()
            for (piece, outcome) in zip(batch.pieces, outcomes) {
                write(piece, outcome, container: container, state: &state, into: &written)
            }
            outputHasher.update(data: written.output)
            try ScrubJob.append(written.output, to: output, path: partialOutput)
            try ScrubJob.append(written.quarantine, to: quarantine, path: partialQuarantine)
            try ScrubJob.append(written.rejects, to: rejects, path: partialRejects)
            try output.synchronize()
            try quarantine.synchronize()
            try rejects.synchronize()
            state.outputBytes += UInt64(written.output.count)
            state.quarantineBytes += UInt64(written.quarantine.count)
            state.rejectsBytes += UInt64(written.rejects.count)
            state.inputOffset = batch.pieces.last!.endOffset
            state.line = batch.lineAfter
            state.readerState = batch.readerStateAfter
            try state.save(path: statePath)
            progress(ScrubProgress(records: state.tally.recordsIn, bytesRead: state.inputOffset, totalBytes: inputSize,
                                   seconds: (clock.now - started) / .seconds(1)))
        }
        let cores = ScrubQueue(scrubbers: scrubbers)
        var queued: [(batch: ReadBatch, scrubbing: ScrubInFlight)] = []
        func readAndQueue() throws {
            let batch = try readBatch()
            if !batch.pieces.isEmpty { queued.append((batch, cores.submit(batch.pieces))) }
        }
        do {
            try readAndQueue()
            try readAndQueue()
        } catch {
            // What was read before the failure is still written and checkpointed.
            for (batch, scrubbing) in queued { try writeBatch(batch, scrubbing.outcomes()) }
            throw error
        }
        while !queued.isEmpty {
            let (batch, scrubbing) = queued.removeFirst()
            let outcomes = scrubbing.outcomes()
            var readError: (any Error)?
            do { try readAndQueue() } catch { readError = error }
            do { try writeBatch(batch, outcomes) } catch {
                for (_, later) in queued { _ = later.outcomes() }   // let the cores finish before the error unwinds
                throw error
            }
            if let readError {
                for (later, scrubbing) in queued { try writeBatch(later, scrubbing.outcomes()) }
                throw readError
            }
        }
        return ScrubSummary(tally: state.tally, layout: layout, container: container,
                            inputSHA256: ScrubJob.hex(reader.hasher!.finalize()), outputSHA256: ScrubJob.hex(outputHasher.finalize()),
                            inputBytes: inputSize, outputBytes: state.outputBytes, seconds: (clock.now - started) / .seconds(1),
                            resumed: resumed, sample: sample)
    }

    /// Moves the finished files into place and forgets the resume state. Side files that stayed
    /// empty are removed unless their path was given explicitly.
    public func publish(_ summary: ScrubSummary) throws {
        let files = FileManager.default
        for (partial, final, explicit) in [(partialOutput, options.output, true),
                                           (partialQuarantine, options.quarantinePath, options.quarantine != nil),
                                           (partialRejects, options.rejectsPath, options.rejects != nil)] {
            if !explicit, (try? fileSize(partial)) == 0 {
                try? files.removeItem(atPath: partial)
                try? files.removeItem(atPath: final)
                continue
            }
            if rename(partial, final) != 0 { throw ScrubError.write(path: final, problem: String(cString: strerror(errno))) }
        }
        try? files.removeItem(atPath: statePath)
    }

    /// Records read together, and where the reader stood after them (what a checkpoint saves).
    struct ReadBatch {
        var pieces: [InputPiece] = []
        var lineAfter = 1
        var readerStateAfter = RecordReader.Position.start
    }

    /// Bytes produced by one batch, appended to the three files together.
    struct BatchOutput {
        var output = Data()
        var quarantine = Data()
        var rejects = Data()
    }

    private func write(_ piece: InputPiece, _ outcome: RecordOutcome?, container: ContainerFormat, state: inout ScrubState, into batch: inout BatchOutput) {
        var kept: Data?
        if let readError = piece.readError {
            if piece.record != nil || !readError.isEmpty {
                state.tally.rejected += 1
                batch.rejects.append(Data("{\"line\":\(piece.line),\"error\":\(JSONText.quoted(readError))}\n".utf8))
            }
        }
        if piece.record != nil, let outcome {
            state.tally.count(outcome)
            switch outcome {
            case let .scrubbed(data, _):
                kept = data
            case let .quarantined(data, _, reasons):
                let oneLine = Data(data.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
                batch.quarantine.append(Data("{\"line\":\(piece.line),\"reasons\":[\(reasons.map(JSONText.quoted).joined(separator: ","))],\"record\":".utf8))
                batch.quarantine.append(oneLine)
                batch.quarantine.append(Data("}\n".utf8))
            case let .rejected(error):
                batch.rejects.append(Data("{\"line\":\(piece.line),\"error\":\(JSONText.quoted(error)),\"bytes\":\(piece.record!.count)}\n".utf8))
            }
        }
        switch container {
        case .jsonLines:
            batch.output.append(piece.leading)
            if let kept {
                batch.output.append(kept)
                batch.output.append(piece.terminator)
            }
        case .jsonArray:
            if let kept {
                if state.emittedAny {
                    batch.output.append(piece.leading)
                } else if let comma = piece.leading.firstIndex(of: UInt8(ascii: ",")) {
                    var leading = piece.leading
                    leading.remove(at: comma)
                    batch.output.append(leading)
                } else {
                    batch.output.append(piece.leading)
                }
                batch.output.append(kept)
                state.emittedAny = true
            } else if piece.record == nil && piece.readError == nil || piece.leading.contains(UInt8(ascii: "]")) {
                batch.output.append(piece.leading)
            } else if piece.leading.contains(UInt8(ascii: "[")) {
                batch.output.append(Data("[".utf8))
            }
        }
    }

    /// One worker per scrubber; each takes the next unscrubbed record until none is left.
    static func scrubInParallel(_ pieces: [InputPiece], with scrubbers: [RecordScrubber]) -> [RecordOutcome?] {
        let slots = OrderedSlots<RecordOutcome?>(count: pieces.count)
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: scrubbers.count) { worker in
            // Taken once per worker: indexing per record copied the scrubber (its masker's every
            // part retained and released) for each record.
            let scrubber = scrubbers[worker]
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < pieces.count else { return }
                slots.set(index, pieces[index].record.map { scrubber.scrub($0) })
            }
        }
        return slots.values
    }

    /// Reads records until one parses as an object and guesses the layout from it.
    private func detectLayout(container: ContainerFormat) throws -> (DatasetLayout?, JSONNode?) {
        guard let handle = FileHandle(forReadingAtPath: options.input) else { throw ScrubError.cannotOpen(options.input) }
        defer { try? handle.close() }
        var reader = RecordReader(handle: handle, format: container, maximumRecordBytes: options.maximumRecordBytes)
        var attempts = 0
        while attempts < 1000, let piece = try reader.next() {
            guard let record = piece.record else { continue }
            attempts += 1
            guard let node = try? JSONParser.parse(record),
                  case .object = node.kind else { continue }
            return (DatasetLayout.detect(node), node)
        }
        return (nil, nil)
    }

    private func checkPaths() throws {
        let files = FileManager.default
        guard files.isReadableFile(atPath: options.input) else { throw ScrubError.cannotOpen(options.input) }
        let inputPath = URL(fileURLWithPath: options.input).resolvingSymlinksInPath().path
        for path in [options.output, options.quarantinePath, options.rejectsPath] {
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            var inputStat = stat(), outputStat = stat()
            let sameInode = stat(options.input, &inputStat) == 0 && stat(path, &outputStat) == 0
                && inputStat.st_dev == outputStat.st_dev && inputStat.st_ino == outputStat.st_ino
            if resolved == inputPath || sameInode { throw ScrubError.sameFile(path) }
        }
    }

    private func fileSize(_ path: String) throws -> UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ScrubError.cannotOpen(path) }
        return UInt64(info.st_size)
    }

    static func openForWriting(_ path: String, keeping length: UInt64) throws -> FileHandle {
        let files = FileManager.default
        if length == 0 || !files.fileExists(atPath: path) {
            guard files.createFile(atPath: path, contents: nil) else { throw ScrubError.write(path: path, problem: "cannot create the file") }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ScrubError.write(path: path, problem: "cannot open for writing") }
        try handle.truncate(atOffset: length)
        try handle.seek(toOffset: length)
        return handle
    }

    static func append(_ data: Data, to handle: FileHandle, path: String) throws {
        guard !data.isEmpty else { return }
        do { try handle.write(contentsOf: data) } catch {
            throw ScrubError.write(path: path, problem: "\(error)")
        }
    }

    static func hashPrefix(of path: String, length: UInt64, into hasher: inout SHA256) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ScrubError.cannotOpen(path) }
        defer { try? handle.close() }
        var remaining = length
        while remaining > 0 {
            guard let chunk = try handle.read(upToCount: Int(min(remaining, 1 << 20))), !chunk.isEmpty else {
                throw ScrubError.resumeMismatch("\(path) is shorter than the saved state says")
            }
            hasher.update(data: chunk)
            remaining -= UInt64(chunk.count)
        }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }
}
