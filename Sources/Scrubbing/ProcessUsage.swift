import Foundation

/// What this process has used so far (memory, CPU time), for reports and benchmarks.
public enum ProcessUsage {
    /// Peak resident set size in MB (getrusage reports KiB on Linux, bytes on macOS).
    public static func peakResidentMegabytes() -> Int {
        let usage = current()
        #if os(Linux)
        return Int(usage.ru_maxrss) / 1024
        #else
        return Int(usage.ru_maxrss) / (1024 * 1024)
        #endif
    }

    /// CPU time this process has used, user and system, on all its threads, in seconds.
    public static func cpuSeconds() -> Double {
        let usage = current()
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private static func current() -> rusage {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage
    }
}
