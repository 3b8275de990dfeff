import Console
import Foundation
import NcursesBackend
import TUI

/// Warroom's benchmarks. They print figures; they do not pass or fail.
///
///   warroom-bench render [WIDTHxHEIGHT] [SERVICES]   time to render one frame
///   warroom-bench wire [WIDTHxHEIGHT] [SERVICES]     bytes sent to a terminal per refresh
///   warroom-bench store                              store throughput at 1,000 checks/s, size after 24 h
///   warroom-bench steady [WIDTHxHEIGHT]              bytes per minute in steady state, first frame
///   warroom-bench process WIDTHxHEIGHT SECONDS PROGRAM ARGS…   a real process on a pty: bytes, CPU
///   warroom-bench scale BASE-URL [CHECKS] [SECONDS] [SIMULATOR-PID]   checks/s, lag, CPU, RSS against a simulator
///   warroom-bench memory [SERVICES]                  RSS after a simulated day of results
///   warroom-bench config [SERVICES]                  time to load a config of SERVICES services
///   warroom-bench idle WIDTHxHEIGHT SECONDS -- NAME PROGRAM ARGS… [-- NAME PROGRAM ARGS…]…
///                                                    programs side by side on ptys: bytes, CPU per minute
let args = Array(CommandLine.arguments.dropFirst())
let what = args.first ?? "all"
let sizeGiven = args.count > 1 && !["scale", "scale-run", "memory", "config", "idle"].contains(what)
let size = sizeGiven ? Size(parsing: args[1])! : Size(width: 200, height: 50)
let services = sizeGiven && args.count > 2 ? Int(args[2])! : 200

setlocale(LC_ALL, "C.UTF-8")

func renderBenchmark() {
    let state = Fleet.state(count: services)
    let theme = Theme.builtinDefault
    for _ in 0..<20 { _ = ConsoleView.render(state, theme: theme, size: size, glyphs: .unicode) }
    var times: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<500 {
        let t0 = clock.now
        let b = ConsoleView.render(state, theme: theme, size: size, glyphs: .unicode)
        times.append((clock.now - t0).seconds * 1000)
        precondition(b.width == size.width)
    }
    times.sort()
    let mean = times.reduce(0, +) / Double(times.count)
    print(String(format: "render  %@, %d services: mean %.3f ms, p50 %.3f ms, p99 %.3f ms per frame (%d frames)",
                 size.description, services, mean, times[times.count / 2], times[times.count * 99 / 100], times.count))
}

func wireBenchmark() throws {
    let pty = try PseudoTerminal(rows: size.height, columns: size.width)
    let terminal = try NcursesTerminal(terminalType: "xterm-256color", input: pty.slaveInput, output: pty.slaveOutput)
    defer { terminal.restore() }
    let theme = Theme.builtinDefault
    var state = Fleet.state(count: services)
    _ = pty.drain()
    terminal.present(ConsoleView.render(state, theme: theme, size: size, glyphs: terminal.glyphs))
    let first = pty.drain().count
    terminal.present(ConsoleView.render(state, theme: theme, size: size, glyphs: terminal.glyphs))
    let idle = pty.drain().count
    var perChange: [Int] = []
    for round in 0..<50 {
        // One service's result changes its row (latency, reason, sparkline); nothing else moves.
        let r = Fleet.result(5, round: ServiceState.sampleLimit + round)
        _ = Update.update(&state, .monitor(.check(r)))
        terminal.present(ConsoleView.render(state, theme: theme, size: size, glyphs: terminal.glyphs))
        perChange.append(pty.drain().count)
    }
    perChange.sort()
    print("wire    \(size), \(services) services, xterm-256color: first frame \(first) B, unchanged frame \(idle) B, "
          + "one row changed: median \(perChange[perChange.count / 2]) B, max \(perChange.last!) B (\(perChange.count) refreshes)")
}

switch what {
case "render": renderBenchmark()
case "wire": try wireBenchmark()
case "store": try runStoreBenchmark()
case "steady": try steadyTrafficBenchmark(size: args.count > 1 ? size : Size(width: 120, height: 40))
case "scale":
    guard args.count > 1 else {
        FileHandle.standardError.write(Data("usage: warroom-bench scale BASE-URL [CHECKS] [SECONDS] [SIMULATOR-PID]\n".utf8))
        exit(64)
    }
    try ScaleBenchmark.run(baseURL: args[1], checks: args.count > 2 ? Int(args[2])! : 2000, seconds: args.count > 3 ? Double(args[3])! : 60,
                           simulatorPID: args.count > 4 ? Int32(args[4])! : 0)
case "scale-run":
    try ScaleBenchmark.child(args[1], output: args[2])
case "idle":
    guard args.count > 4, let size = Size(parsing: args[1]), let seconds = Double(args[2]) else {
        FileHandle.standardError.write(Data("usage: warroom-bench idle WIDTHxHEIGHT SECONDS -- NAME PROGRAM [ARGS…] [-- …]\n".utf8))
        exit(64)
    }
    var groups: [[String]] = []
    for word in args.dropFirst(3) {
        if word == "--" { groups.append([]) } else if !groups.isEmpty { groups[groups.count - 1].append(word) }
    }
    // Long enough for the first results to be a minute old: then only time moves.
    try idleBenchmark(size: size, seconds: seconds, settle: 70, workloads: groups.filter { $0.count >= 2 }.map { ($0[0], Array($0.dropFirst())) })
case "config":
    try configBenchmark(services: args.count > 1 ? Int(args[1])! : 10_000)
case "memory":
    try memoryBenchmark(services: args.count > 1 ? Int(args[1])! : 2000)
case "process":
    guard args.count > 3, let seconds = Double(args[2]) else {
        FileHandle.standardError.write(Data("usage: warroom-bench process WIDTHxHEIGHT SECONDS PROGRAM [ARGS…]\n".utf8))
        exit(64)
    }
    try processBenchmark(size: size, seconds: seconds, settle: 5, argv: Array(args[3...]))
default:
    renderBenchmark()
    try wireBenchmark()
    try runStoreBenchmark()
}
