import Foundation

/// What this process has used so far (memory, CPU time), for reports and benchmarks.
public enum ProcessUsage {
    /// Peak resident set size of this program in MB.
    ///
    /// On Linux it is the `VmHWM` line of `/proc/self/status`: the high-water mark of this
    /// program's own memory. `getrusage`'s `ru_maxrss` survives `execve`, and a child started with
    /// `posix_spawn` (vfork) inherits the peak of the process that started it: a scrub run from a
    /// 190 MB test runner reported 191 MB where it had used 74.
    public static func peakResidentMegabytes() -> Int {
        #if os(Linux)
        if let kilobytes = statusKilobytes("VmHWM") { return kilobytes / 1024 }
        return Int(current().ru_maxrss) / 1024   // KiB on Linux
        #else
        return Int(current().ru_maxrss) / (1024 * 1024)   // bytes on macOS
        #endif
    }

    /// A `kB` figure from `/proc/self/status` (`VmHWM`, `VmRSS`…), nil when it cannot be read.
    static func statusKilobytes(_ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
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
