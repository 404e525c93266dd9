import Foundation
import Scrubbing

/// Progress of a long job on stderr: a redrawn bar on a terminal (records, MB/s, ETA), a plain line
/// every ten seconds otherwise (logs, CI).
final class ProgressLine {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastDrawn = -Double.infinity
    private var drewBar = false

    func update(_ progress: ScrubProgress) {
        let interval = isTerminal ? 0.2 : 10
        guard progress.seconds - lastDrawn >= interval else { return }
        lastDrawn = progress.seconds
        let fraction = progress.totalBytes > 0 ? Double(progress.bytesRead) / Double(progress.totalBytes) : 1
        let rate = progress.seconds > 0 ? Double(progress.bytesRead) / 1e6 / progress.seconds : 0
        let remaining = rate > 0 ? Double(progress.totalBytes - min(progress.bytesRead, progress.totalBytes)) / 1e6 / rate : 0
        let eta = remaining >= 60 ? "\(Int(remaining) / 60)m\(Int(remaining) % 60)s" : "\(Int(remaining))s"
        let status = String(format: "%5.1f%%  %d records  %.1f MB/s", fraction * 100, progress.records, rate) + "  ETA " + eta
        if isTerminal {
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(status)".utf8))
            drewBar = true
        } else {
            FileHandle.standardError.write(Data("hegui scrub: \(status)\n".utf8))
        }
    }

    /// Ends the bar's line.
    func finish() {
        if drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
