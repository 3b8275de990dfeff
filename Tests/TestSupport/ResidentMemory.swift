import Foundation

/// How much memory a process holds, from /proc.
public enum ResidentMemory {
    /// Resident set size of `pid` (this process when nil) in MB; nil when it cannot be read.
    public static func megabytes(pid: Int32? = nil) -> Double? {
        let file = "/proc/\(pid.map(String.init) ?? "self")/status"
        guard let status = try? String(contentsOfFile: file, encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }
}
