import Console
import Foundation
import Monitoring
import NcursesBackend
import TUI

/// Bytes a console sends over a pseudo-terminal in steady state: a six-service console at
/// 120×40 (`size`), one tick a second for a simulated minute, every service polled every 5 s
/// and exactly one of them answering differently each poll.
func steadyTrafficBenchmark(size: Size) throws {
    let pty = try PseudoTerminal(rows: size.height, columns: size.width)
    let terminal = try NcursesTerminal(terminalType: "xterm-256color", input: pty.slaveInput, output: pty.slaveOutput)
    defer { terminal.restore() }
    let theme = Theme.builtinDefault
    var state = Fleet.state(count: 6)
    _ = pty.drain()
    terminal.present(ConsoleView.render(state, theme: theme, size: size, glyphs: terminal.glyphs))
    let first = pty.drain().count
    var total = 0
    let start = state.now
    for second in 1...60 {
        let now = start.addingTimeInterval(Double(second))
        if second % 5 == 0 {
            let poll = ServiceState.sampleLimit + second / 5
            for i in 0..<6 {
                // Only service 1 answers differently; the others repeat their last answer.
                var r = Fleet.result(i, round: i == 1 ? poll : ServiceState.sampleLimit - 1)
                r.startedAt = now
                r.finishedAt = now
                _ = Update.update(&state, .monitor(.check(r)))
            }
        }
        _ = Update.update(&state, .tick(now))
        terminal.present(ConsoleView.render(state, theme: theme, size: size, glyphs: terminal.glyphs))
        total += pty.drain().count
    }
    print("steady  \(size), 6 services polled every 5 s, one answering differently each poll, a tick a second: "
          + "first frame \(first) B, then \(total) B per minute (\(total / 60) B/s)")
}

/// Runs a program on a pseudo-terminal of `size` for `settle + seconds`, reading everything it
/// draws: prints the bytes of its first frame (its first second of output), then, for each
/// whole minute after it settles (or the one window, when `seconds` is under two minutes), the
/// bytes and the CPU seconds of that window, per minute.
func processBenchmark(size: Size, seconds: Double, settle: Double, argv: [String]) throws {
    let pty = try PseudoTerminal(rows: size.height, columns: size.width)
    let pid = try spawnOnTerminal(argv, pty: pty)
    let began = Date()
    let window = seconds >= 120 ? 60.0 : seconds
    let windows = max(1, Int(seconds / window))
    var firstFrame = 0
    var bytes = [Int](repeating: 0, count: windows)
    var cpuMarks: [Double] = []
    var firstByteAt: Date?
    var chunk = [UInt8](repeating: 0, count: 65536)
    while Date().timeIntervalSince(began) < settle + Double(windows) * window {
        let elapsed = Date().timeIntervalSince(began)
        while elapsed >= settle + Double(cpuMarks.count) * window && cpuMarks.count <= windows { cpuMarks.append(cpuSeconds(of: pid)) }
        var fds = pollfd(fd: pty.master, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, 100) > 0 else { continue }
        let n = read(pty.master, &chunk, chunk.count)
        guard n > 0 else { break }
        let now = Date()
        if firstByteAt == nil { firstByteAt = now }
        if now.timeIntervalSince(firstByteAt!) < 1 { firstFrame += n }
        let at = now.timeIntervalSince(began) - settle
        if at >= 0 { bytes[min(windows - 1, Int(at / window))] += n }
    }
    while cpuMarks.count <= windows { cpuMarks.append(cpuSeconds(of: pid)) }
    kill(pid, SIGTERM)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let name = argv.map { URL(fileURLWithPath: $0).lastPathComponent }.prefix(3).joined(separator: " ")
    print(String(format: "process %@ %@: first frame %d B", size.description, name, firstFrame))
    for w in 0..<windows {
        let from = settle + Double(w) * window
        print(String(format: "process   %.0f–%.0f s: %.0f B per minute, CPU %.2f s per minute", from, from + window,
                     Double(bytes[w]) * 60 / window, (cpuMarks[w + 1] - cpuMarks[w]) * 60 / window))
    }
}

/// User plus system CPU time of a running process, from /proc.
func cpuSeconds(of pid: pid_t) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return 0 }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After "pid (comm)": state is field 0 here; utime and stime are fields 11 and 12.
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}
