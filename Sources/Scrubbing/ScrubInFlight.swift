import Dispatch

/// A batch being scrubbed on every core in the background, so the thread that started it can
/// write the previous batch meanwhile.
final class ScrubInFlight: @unchecked Sendable {
    // `result` is written once by the background block before it leaves `done`, and read only
    // after waiting on `done`: the group orders the two.
    private let done = DispatchGroup()
    private var result: [RecordOutcome?] = []

    init(_ pieces: [InputPiece], with scrubbers: [RecordScrubber]) {
        done.enter()
        DispatchQueue.global().async { [self] in
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
