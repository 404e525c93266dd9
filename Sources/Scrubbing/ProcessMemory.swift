import Foundation

/// The memory this process has used, for reports and benchmarks.
public enum ProcessMemory {
    /// Peak resident set size in MB (getrusage reports KiB on Linux, bytes on macOS).
    public static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss) / (1024 * 1024)
        #endif
    }
}
