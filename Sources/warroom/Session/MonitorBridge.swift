import Console
import Foundation
import Monitoring
import Synchronization

/// Carries out the console's effects: checks through the monitor, writes through the history,
/// steps through the runbook desk; and on a reload, swaps the monitor for one on the new config.
///
/// Contract: called on the console's thread only. Results reach the console through `inbox`
/// (and check results the history); a monitor replaced by a reload delivers nothing more and
/// is shut down in the background (`shutdown()` waits for it). A config that does not load
/// changes nothing here.
final class MonitorBridge: EffectHandler {
    private var monitor: Monitor
    let history: History
    /// Nil in read-only mode (then nothing can run) and while the config has no runbooks.
    private(set) var desk: RunbookDesk?
    private let readOnly: Bool
    private let inbox: Inbox
    /// Open while `monitor`'s results may reach the console.
    private var feed: Feed
    /// Monitors replaced by a reload, shutting down.
    private var retiring: [Task<Void, Never>] = []

    /// Starts watching `config` at once.
    init(config: WarroomConfig, history: History, inbox: Inbox, readOnly: Bool, desk: RunbookDesk?) {
        self.history = history
        self.inbox = inbox
        self.readOnly = readOnly
        self.desk = desk
        (monitor, feed) = MonitorBridge.watch(config, history: history, inbox: inbox)
        monitor.start()
    }

    /// The config being watched: the one from start, or the last one reloaded.
    var config: WarroomConfig { monitor.config }

    private static func watch(_ config: WarroomConfig, history: History, inbox: Inbox) -> (Monitor, Feed) {
        let feed = Feed()
        let monitor = Monitor(config: config) { event in
            guard feed.isOpen else { return }
            if case .check(let result) = event { history.record(result) }
            inbox.post(.monitor(event))
        }
        return (monitor, feed)
    }

    func start(_ request: StepRequest) { desk?.start(request) }
    func cancel(run: UUID) { desk?.cancel(run) }
    func stopAllRuns() { desk?.stopAll() }

    func pollNow(_ ids: [String]?) { monitor.pollNow(ids) }
    func walkGoldenPath() { monitor.runGoldenPathNow() }
    func persist(_ events: [TimelineEvent]) { history.append(events) }
    func persist(_ banner: BannerRecord) { history.save(banner) }

    func writeReport(_ state: AppState) -> String {
        do {
            let path = try ReportFile.write(IncidentReport(state: state).markdown(), environment: state.environment,
                                            now: state.now, directory: history.reportsDirectory)
            return "report written: \(path)"
        } catch {
            return "report not written: \(error.localizedDescription)"
        }
    }

    /// The history keeps going to the store opened at start, and the theme stays: a reload
    /// changes what is watched, not where it is kept or how it looks.
    func reloadConfig(path: String) -> Msg {
        let config: WarroomConfig
        do {
            config = try WarroomConfig.load(path: path)
        } catch let errors as ConfigErrors {
            return .configRejected(errors)
        } catch {
            return .configRejected(ConfigErrors([ConfigError(file: path, line: nil, key: "", message: "\(error)")]))
        }
        feed.close()
        let old = monitor
        retiring.append(Task.detached { await old.shutdown() })
        (monitor, feed) = MonitorBridge.watch(config, history: history, inbox: inbox)
        monitor.start()
        if let desk {
            desk.use(config)
        } else if !readOnly && !config.runbooks.isEmpty {
            desk = RunbookDesk(config: config, history: history) { [inbox] in inbox.post($0) }
        }
        return .configReloaded(config)
    }

    /// Stops monitoring and waits for every monitor, also those replaced by a reload.
    func shutdown() {
        let monitor = self.monitor, retiring = self.retiring
        try? Blocking.run {
            await monitor.shutdown()
            for task in retiring { await task.value }
        }
    }

    /// Whether a monitor's results still reach the console.
    private final class Feed: Sendable {
        private let open = Atomic(true)
        var isOpen: Bool { open.load(ordering: .acquiring) }
        func close() { open.store(false, ordering: .releasing) }
    }
}
