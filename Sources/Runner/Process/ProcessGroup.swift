import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Waiting for a step's process and the process group it leads.
public enum ProcessGroup {
    /// Whether process `pid` has exited, without reaping it: until it is reaped, its pid, which
    /// is also its group's id, cannot be given to another process. A child that is no longer
    /// there to wait for (reaped by the system when SIGCHLD is ignored) has exited.
    static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 { return errno == ECHILD }
        return info.si_signo == SIGCHLD
    }

    /// Reaps process `pid`: its exit code, or the signal that ended it.
    static func reap(_ pid: pid_t) -> (exitCode: Int32?, signal: Int32?) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return (nil, nil) }
        }
        let signal = status & 0x7F
        return signal == 0 ? ((status >> 8) & 0xFF, nil) : (nil, signal)
    }

    /// Waits until no process of `group` is alive, or `limit` has passed.
    static func waitUntilGone(_ group: pid_t, limit: Duration) {
        let end = ContinuousClock.now + limit
        while hasLivingMembers(group), ContinuousClock.now < end {
            usleep(5_000)
        }
    }

    /// When process `pid` started, in clock ticks since boot (`/proc/PID/stat`, field 22): with
    /// the pid, what tells one process from a later one given the same pid. Nil where there is
    /// no such process (or no /proc).
    public static func startTime(_ pid: pid_t) -> UInt64? {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
        #else
        return nil
        #endif
    }

    /// Whether the group led by `leader`, which started at `startTime`, still has a living
    /// process. While the leader lives it must be the same process (a pid given anew to
    /// another process is not the group); once it is gone, the group's number stays taken as
    /// long as any member lives, so living members are the group's own.
    public static func isStillRunning(leader: pid_t, startTime: UInt64?) -> Bool {
        guard leader > 1 else { return false }
        if let now = ProcessGroup.startTime(leader) {
            guard let startTime, now == startTime else { return false }
            return hasLivingMembers(leader)
        }
        return hasLivingMembers(leader)
    }

    /// Whether a process of `group` is still alive. A zombie, which only waits for its parent
    /// to reap it, does not count where the system says which processes are zombies (Linux).
    static func hasLivingMembers(_ group: pid_t) -> Bool {
        guard kill(-group, 0) == 0 || errno == EPERM else { return false }
        #if os(Linux)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.contains { pid in
            guard Int32(pid) != nil, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // After "pid (name)": state, parent, group, …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == group
        }
        #else
        return true
        #endif
    }
}
