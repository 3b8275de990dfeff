import Foundation

/// What /proc says about processes, for tests that must show a process tree is gone.
public enum ProcessTable {
    /// Processes in process group `group` that are still alive (zombies waiting for a parent
    /// to reap them do not count), as "pid (comm)".
    public static func livingMembers(of group: Int32) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid -> String? in
            guard Int(pid) != nil, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            // After "pid (comm)": state, ppid, pgrp, …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group else { return nil }
            return "\(pid) \(stat[..<close]))"
        }
    }
}
