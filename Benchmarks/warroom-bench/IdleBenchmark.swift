import Foundation
import NcursesBackend
import TUI

/// `warroom-bench idle SIZE SECONDS -- NAME PROGRAM ARGS… -- NAME PROGRAM ARGS… …`: every
/// program on a pseudo-terminal of its own, all at once, so that they share the same minute of
/// the same machine; after `settle` seconds, the bytes each writes to its terminal and the CPU
/// it takes are counted for SECONDS, and printed per minute, with each one's ratio to the
/// last program (the one to compare with, such as `htop -d 20`).
func idleBenchmark(size: Size, seconds: Double, settle: Double, workloads: [(name: String, argv: [String])]) throws {
    final class Watched {
        let name: String
        let pty: PseudoTerminal
        let pid: pid_t
        var bytes = 0
        var cpuAtStart = 0.0
        var cpuAtEnd = 0.0

        init(name: String, argv: [String], size: Size) throws {
            self.name = name
            pty = try PseudoTerminal(rows: size.height, columns: size.width)
            pid = try spawnOnTerminal(argv, pty: pty)
        }
    }
    let watched = try workloads.map { try Watched(name: $0.name, argv: $0.argv, size: size) }
    var fds = watched.map { pollfd(fd: $0.pty.master, events: Int16(POLLIN), revents: 0) }
    var chunk = [UInt8](repeating: 0, count: 65536)
    let began = Date()
    var measuring = false
    while Date().timeIntervalSince(began) < settle + seconds {
        if !measuring && Date().timeIntervalSince(began) >= settle {
            measuring = true
            for w in watched { w.cpuAtStart = cpuSeconds(of: w.pid) }
        }
        guard poll(&fds, nfds_t(fds.count), 100) > 0 else { continue }
        for (i, w) in watched.enumerated() where fds[i].revents & Int16(POLLIN) != 0 {
            let n = read(w.pty.master, &chunk, chunk.count)
            if n > 0 && measuring { w.bytes += n }
        }
    }
    for w in watched {
        w.cpuAtEnd = cpuSeconds(of: w.pid)
        kill(w.pid, SIGTERM)
    }
    for w in watched {
        var status: Int32 = 0
        waitpid(w.pid, &status, 0)
    }
    let perMinute = 60 / seconds
    let reference = watched.last!
    let refBytes = Double(reference.bytes) * perMinute, refCPU = (reference.cpuAtEnd - reference.cpuAtStart) * perMinute
    print(String(format: "idle    %@, %.0f s measured after %.0f s to settle, all at once (load average %@)", size.description, seconds, settle,
                 (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"))
    print("| workload | bytes per minute | CPU-s per minute | bytes vs \(reference.name) | CPU vs \(reference.name) |")
    print("|---|---|---|---|---|")
    for w in watched {
        let bytes = Double(w.bytes) * perMinute, cpu = (w.cpuAtEnd - w.cpuAtStart) * perMinute
        print(String(format: "| %@ | %.0f | %.3f | %.3f | %.3f |", w.name, bytes, cpu, refBytes > 0 ? bytes / refBytes : 0, refCPU > 0 ? cpu / refCPU : 0))
    }
}
