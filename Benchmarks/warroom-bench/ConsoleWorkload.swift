import Console
import Foundation
import Monitoring
import Store
import TUI

/// Warroom's console at scale, as `warroom` runs it but on a pseudo-terminal: the real
/// `Monitor` over the scale fleet, every result recorded by a `StoreWriter` into a fresh
/// SQLite file and posted to the console's `Inbox`; the real `ConsoleRuntime` loop taking
/// them in through `Update.update` and drawing 200×60 frames through ncurses as they come
/// (paced by `ConsoleRuntime.framePacingMilliseconds`).
enum ConsoleWorkload {
    static let size = Size(width: 200, height: 60)

    static func run(_ run: ScaleRun) throws -> ScaleFigures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-scale-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = Fleet.httpConfig(baseURL: run.baseURL, count: run.checks, interval: Seconds(run.interval))
        let writer = StoreOpener.open(path: folder.appendingPathComponent("scale.sqlite").path)
        let now = Date()
        let snapshot = writer.restore(checkIDs: config.services.map(\.id), now: now, timelineLimit: AppState.timelineLimit)
        var state = AppState(config: config, now: now,
                             restored: RestoredHistory(histories: snapshot.histories, timeline: snapshot.timeline, banners: snapshot.banners))
        var seeded: Int?
        if run.workload == .warroomAfterDay { seeded = DayOfResults.feed(into: &state, end: now) }

        let inbox = Inbox()
        let log = CheckLog(expected: Int(run.offered * run.seconds * 1.1))
        let monitor = Monitor(config: config) { event in
            if case .check(let result) = event {
                writer.record(result)
                log.record(lag: result.lag, failure: result.outcome.status == .fail ? result.outcome.reason : nil)
            }
            inbox.post(.monitor(event))
        }
        let start = ContinuousClock.now
        let from = start + .milliseconds(Int64(run.warmUp * 1000))
        let until = from + .milliseconds(Int64(run.seconds * 1000))
        let terminal = try TimedTerminal(size: size, deadline: until, measureFrom: from)
        let effects = Effects(monitor: monitor, writer: writer)
        let runtime = ConsoleRuntime(state: state, theme: .builtinDefault, backend: terminal, effects: effects, inbox: inbox)
        let window = MeasuringWindow(log: log, from: from, until: until, simulatorPID: run.simulatorPID)
        monitor.start()
        _ = runtime.run()
        let figures = window.figures(run, log: log, seededResults: seeded)
        terminal.restore()
        waitFor { await monitor.shutdown() }
        writer.close()
        var result = figures
        result.frames = FrameFigures(work: terminal.frameMilliseconds, present: terminal.presentMilliseconds,
                                     bytes: terminal.bytesWritten, seconds: run.seconds)
        return result
    }

    /// What the console's effects reach: the monitor and the store, as in `warroom`.
    private final class Effects: EffectHandler {
        let monitor: Monitor
        let writer: StoreWriter

        init(monitor: Monitor, writer: StoreWriter) {
            self.monitor = monitor
            self.writer = writer
        }

        func pollNow(_ ids: [String]?) { monitor.pollNow(ids) }
        func walkGoldenPath() { monitor.runGoldenPathNow() }
        func persist(_ events: [TimelineEvent]) { writer.append(events) }
        func persist(_ banner: BannerRecord) { writer.save(banner) }
        func writeReport(_ state: AppState) {}
        func start(_ request: StepRequest) {}
        func cancel(run: UUID) {}
        func stopAllRuns() {}
        func reloadConfig(path: String) {}
    }
}
