import Foundation
import Monitoring

/// One run of the scale benchmark, as the parent process hands it to a child process.
struct ScaleRun: Codable {
    enum Workload: String, Codable {
        /// Warroom: the real monitor, console loop, terminal and store.
        case warroom
        /// Warroom after a simulated day: the same, with 24 h of results already taken in.
        case warroomAfterDay = "warroom-day"
        /// A plain async-http-client loop: no scheduler, no console, no store.
        case baseline
    }

    var workload: Workload
    var baseURL: String
    var checks: Int
    /// Seconds between two runs of one check.
    var interval: Double
    /// Seconds before the measuring window opens (connections made, first runs spread).
    var warmUp: Double
    /// Seconds the measuring window stays open.
    var seconds: Double
    /// The simulator's process, whose CPU time is read at both ends of the window.
    var simulatorPID: Int32

    /// Checks offered per second.
    var offered: Double { Double(checks) / interval }
}

/// What one run measured.
struct ScaleFigures: Codable {
    var run: ScaleRun
    var checks: CheckFigures
    /// CPU seconds per second of this process (the console, or the baseline loop).
    var cpuPerSecond: Double
    /// CPU seconds per second of the simulator over the same window.
    var simulatorCPUPerSecond: Double
    /// Megabytes resident at the end of the window, the most sampled once a second within
    /// it, and the process's peak (`VmHWM`).
    var residentMB: Double
    var residentMaxMB: Double
    var peakMB: Double
    /// The console loop's frames in the window (nil for the baseline).
    var frames: FrameFigures?
    /// For a run after a simulated day: results taken in before the monitor started.
    var seededResults: Int?
}

/// The console loop's frames: work per frame (take in results, tick, render) and the
/// terminal's share (ncurses output), in milliseconds.
struct FrameFigures: Codable {
    var count: Int
    var perSecond: Double
    var workP50: Double
    var workP99: Double
    var workMax: Double
    var presentP50: Double
    var presentP99: Double
    var bytesPerSecond: Double

    init(work: [Double], present: [Double], bytes: Int, seconds: Double) {
        let w = work.sorted(), p = present.sorted()
        func q(_ a: [Double], _ f: Double) -> Double { a.isEmpty ? 0 : a[min(a.count - 1, Int(Double(a.count) * f))] }
        count = w.count
        perSecond = Double(w.count) / seconds
        workP50 = q(w, 0.5)
        workP99 = q(w, 0.99)
        workMax = w.last ?? 0
        presentP50 = q(p, 0.5)
        presentP99 = q(p, 0.99)
        bytesPerSecond = Double(bytes) / seconds
    }
}

/// Opens a `CheckLog`'s window at `from`, closes it at `until`, and reads this process's
/// and the simulator's CPU and memory at both ends (memory also once a second between).
final class MeasuringWindow: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written by the window's thread before `done` is signalled, read after it.
    private var first: ProcessGauge?
    private var last: ProcessGauge?
    private var residentMax = 0
    private var simulatorCPU: Double = 0

    init(log: CheckLog, from: ContinuousClock.Instant, until: ContinuousClock.Instant, simulatorPID: Int32) {
        let thread = Thread { [self] in
            MeasuringWindow.sleep(until: from)
            let simulatorStart = cpuSeconds(of: simulatorPID)
            log.open()
            first = ProcessGauge.now()
            while ContinuousClock.now < until {
                MeasuringWindow.sleep(until: min(until, .now + .seconds(1)))
                residentMax = max(residentMax, ProcessGauge.now().residentBytes)
            }
            log.close()
            last = ProcessGauge.now()
            simulatorCPU = cpuSeconds(of: simulatorPID) - simulatorStart
            done.signal()
        }
        thread.name = "bench.window"
        thread.start()
    }

    /// Waits for the window to close; returns the run's figures.
    func figures(_ run: ScaleRun, log: CheckLog, frames: FrameFigures? = nil, seededResults: Int? = nil) -> ScaleFigures {
        done.wait()
        let first = first!, last = last!
        let seconds = (last.at - first.at).seconds
        return ScaleFigures(run: run, checks: log.summary(seconds: seconds), cpuPerSecond: last.cpuPerSecond(since: first),
                            simulatorCPUPerSecond: simulatorCPU / seconds, residentMB: megabytes(last.residentBytes),
                            residentMaxMB: megabytes(max(residentMax, last.residentBytes)), peakMB: megabytes(last.peakResidentBytes),
                            frames: frames, seededResults: seededResults)
    }

    static func sleep(until instant: ContinuousClock.Instant) {
        let left = (instant - .now).seconds
        if left > 0 { Thread.sleep(forTimeInterval: left) }
    }
}
