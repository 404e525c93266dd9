import Dispatch

/// A batch queued for, or being scrubbed on, every core, so the thread that queued it can write
/// earlier batches meanwhile.
final class ScrubInFlight: @unchecked Sendable {
    // `result` is written once by the background block before it leaves `done`, and read only
    // after waiting on `done`: the group orders the two.
    private let done = DispatchGroup()
    private var result: [RecordOutcome?] = []

    fileprivate init(_ pieces: [InputPiece], with scrubbers: [RecordScrubber], on queue: DispatchQueue) {
        done.enter()
        queue.async { [self] in
            result = ScrubJob.scrubInParallel(pieces, with: scrubbers)
            done.leave()
        }
    }

    /// The outcomes in input order, once every record is scrubbed.
    func outcomes() -> [RecordOutcome?] {
        done.wait()
        return result
    }
}

/// Runs batches on every core one after another, in the order they were submitted: a batch
/// submitted while another runs starts the moment that one ends, with no thread in between.
final class ScrubQueue: Sendable {
    private let scrubbers: [RecordScrubber]
    private let queue = DispatchQueue(label: "hegui.scrub.batches")

    init(scrubbers: [RecordScrubber]) { self.scrubbers = scrubbers }

    /// Queues `pieces` behind the batches already submitted.
    func submit(_ pieces: [InputPiece]) -> ScrubInFlight {
        ScrubInFlight(pieces, with: scrubbers, on: queue)
    }
}
