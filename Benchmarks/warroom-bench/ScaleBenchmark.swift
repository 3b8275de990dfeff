import Foundation
import Monitoring

/// The scale benchmark: many HTTP checks against a simulator that runs in its own process.
///
/// Each run is a child process of its own (`scale-run`), so that its CPU time and memory,
/// peak included, are its own: Warroom at the given interval, the plain-client baseline at
/// the same interval, both again at a quarter of it to find where each tops out, and Warroom
/// after a simulated day of results. Prints a line per run, then the ratios and the targets.
enum ScaleBenchmark {
    static let warmUp = 10.0

    static func run(baseURL: String, checks: Int, seconds: Double, simulatorPID: Int32) throws {
        let saturation = max(20, seconds / 2)
        let plan: [(ScaleRun.Workload, Double, Double)] = [
            (.warroom, 1, seconds), (.baseline, 1, seconds),
            (.warroom, 0.25, saturation), (.baseline, 0.25, saturation),
            (.warroomAfterDay, 1, seconds),
        ]
        print("scale   \(checks) HTTP checks against the simulator (its own process) on loopback, \(Fleet.healthPaths.joined(separator: " ")); "
              + "each run in a fresh process, measured for its window after \(Int(warmUp)) s of warm-up")
        var figures: [ScaleFigures] = []
        for (workload, interval, length) in plan {
            let run = ScaleRun(workload: workload, baseURL: baseURL, checks: checks, interval: interval, warmUp: warmUp,
                               seconds: length, simulatorPID: simulatorPID)
            let f = try spawn(run)
            print(describe(f))
            fflush(nil)
            figures.append(f)
        }
        func find(_ w: ScaleRun.Workload, _ interval: Double) -> ScaleFigures { figures.first { $0.run.workload == w && $0.run.interval == interval }! }
        let steady = find(.warroom, 1), steadyBase = find(.baseline, 1)
        let top = find(.warroom, 0.25), topBase = find(.baseline, 0.25)
        let day = find(.warroomAfterDay, 1)
        let ratio = steady.checks.perSecond / steadyBase.checks.perSecond
        let topRatio = top.checks.perSecond / topBase.checks.perSecond
        print(String(format: "scale   ratio Warroom/baseline: %.1f %% at %.0f/s offered (%.0f vs %.0f checks/s); at saturation (%.0f/s offered) %.1f %% (%.0f vs %.0f checks/s)",
                     ratio * 100, steady.run.offered, steady.checks.perSecond, steadyBase.checks.perSecond,
                     top.run.offered, topRatio * 100, top.checks.perSecond, topBase.checks.perSecond))
        let sustained = steady.checks.perSecond >= 0.99 * steady.run.offered
        print(String(format: "scale   target %d checks/s sustained with p99 lag < 100 ms: %@ (%.0f checks/s, p99 %.1f ms)",
                     checks, sustained && steady.checks.lagP99 < 100 ? "met" : "MISSED", steady.checks.perSecond, steady.checks.lagP99))
        print(String(format: "scale   target throughput >= 80 %% of the baseline: %@ at %.0f/s offered (%.1f %%), %@ at saturation (%.1f %%)",
                     ratio >= 0.8 ? "met" : "MISSED", steady.run.offered, ratio * 100, topRatio >= 0.8 ? "met" : "MISSED", topRatio * 100))
        print(String(format: "scale   target RSS < 150 MB with %d services and 24 h of history: %@ (%.1f MB at the end, peak %.1f MB)",
                     checks, day.peakMB < 150 ? "met" : "MISSED", day.residentMB, day.peakMB))
    }

    /// One line for a run's figures.
    static func describe(_ f: ScaleFigures) -> String {
        let r = f.run, c = f.checks
        var line = String(format: "scale   %@ %d checks every %@ (%.0f/s offered), %.0f s: %.1f checks/s; lag p50 %.2f ms, p99 %.2f ms, max %.1f ms; %d failed; "
                          + "CPU %.2f s/s; RSS %.1f MB (max %.1f, peak %.1f); simulator CPU %.2f s/s",
                          r.workload.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0), r.checks, Seconds(r.interval).description, r.offered, r.seconds, c.perSecond, c.lagP50, c.lagP99, c.lagMax,
                          c.failures, f.cpuPerSecond, f.residentMB, f.residentMaxMB, f.peakMB, f.simulatorCPUPerSecond)
        if let seeded = f.seededResults { line += "; \(seeded) results of a simulated day taken in first" }
        if let fr = f.frames {
            line += String(format: "; %.1f frames/s at 200x60, work per frame p50 %.2f ms, p99 %.2f ms, max %.1f ms; ncurses p50 %.2f ms, p99 %.2f ms; %.0f B/s to the terminal",
                           fr.perSecond, fr.workP50, fr.workP99, fr.workMax, fr.presentP50, fr.presentP99, fr.bytesPerSecond)
        }
        if !c.failureReasons.isEmpty {
            line += "; failures: " + c.failureReasons.sorted { $0.value > $1.value }.map { "\($0.value)× \($0.key)" }.joined(separator: ", ")
        }
        return line
    }

    /// Runs `run` in a child process of this executable; returns what it measured.
    static func spawn(_ run: ScaleRun) throws -> ScaleFigures {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-scale-\(UUID().uuidString.prefix(8)).json")
        defer { try? FileManager.default.removeItem(at: output) }
        let argv = ["warroom-bench", "scale-run", String(decoding: try JSONEncoder().encode(run), as: UTF8.self), output.path]
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/proc/self/exe", nil, nil, cArgs, cEnv)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        guard status == 0 else { throw ScaleRunFailed(workload: run.workload.rawValue, status: status) }
        return try JSONDecoder().decode(ScaleFigures.self, from: Data(contentsOf: output))
    }

    /// The child's side: runs one workload and writes its figures as JSON to `output`.
    static func child(_ json: String, output: String) throws {
        let run = try JSONDecoder().decode(ScaleRun.self, from: Data(json.utf8))
        let figures = run.workload == .baseline ? BaselineWorkload.run(run) : try ConsoleWorkload.run(run)
        try JSONEncoder().encode(figures).write(to: URL(fileURLWithPath: output))
    }
}

/// A scale run's child process ended badly.
struct ScaleRunFailed: Error, CustomStringConvertible {
    var workload: String
    var status: Int32
    var description: String { "the \(workload) run ended with wait status \(status)" }
}
