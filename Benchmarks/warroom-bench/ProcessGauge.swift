import Foundation
import Monitoring

/// What this process has used so far: CPU time from getrusage(2), memory from /proc.
struct ProcessGauge {
    /// User plus system CPU seconds of the whole process (every thread).
    var cpuSeconds: Double
    /// Resident set size now, in bytes (`VmRSS`).
    var residentBytes: Int
    /// The largest resident set size so far, in bytes (`VmHWM`).
    var peakResidentBytes: Int
    var at: ContinuousClock.Instant

    static func now() -> ProcessGauge {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        return ProcessGauge(cpuSeconds: cpu, residentBytes: kilobytes("VmRSS:", in: status) * 1024,
                            peakResidentBytes: kilobytes("VmHWM:", in: status) * 1024, at: .now)
    }

    /// CPU seconds used per wall-clock second between `earlier` and this reading.
    func cpuPerSecond(since earlier: ProcessGauge) -> Double {
        (cpuSeconds - earlier.cpuSeconds) / (at - earlier.at).seconds
    }

    private static func kilobytes(_ key: String, in status: String) -> Int {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return 0 }
        return Int(line.dropFirst(key.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
    }
}

/// Megabytes (10^6 bytes), as the figures print them.
func megabytes(_ bytes: Int) -> Double { Double(bytes) / 1_000_000 }
