import Console
import Foundation
import Monitoring
import Synchronization

/// Carries out the console's effects: checks through the monitor, writes through the history,
/// steps through the runbook desk; and on a reload, swaps the monitor for one on the new config.
///
/// Contract: effects return at once; what comes of them (a report written, a config read
/// again) reaches the console as a `Msg` through `inbox`, as check results do. A reload reads
/// and checks the file in the background, so that keys keep answering while a large file is
/// read; when several are asked for at once, only the last one asked for is applied. A monitor
/// replaced by a reload delivers nothing more and is shut down in the background
/// (`shutdown()` waits for it). A config that does not load changes nothing here.
final class MonitorBridge: EffectHandler, Sendable {
    private struct Live {
        var monitor: Monitor
        /// Open while `monitor`'s results may reach the console.
        var feed: Feed
        /// Monitors replaced by a reload, shutting down.
        var retiring: [Task<Void, Never>] = []
        /// Nil in read-only mode (then nothing can run) and while the config has no runbooks.
        var desk: RunbookDesk?
        /// Counts reloads asked for; one that finishes after a later one was asked is dropped.
        var reloads = 0
    }

    private let live: Mutex<Live>
    let history: History
    private let readOnly: Bool
    private let inbox: Inbox

    /// Starts watching `config` at once.
    init(config: WarroomConfig, history: History, inbox: Inbox, readOnly: Bool, desk: RunbookDesk?) {
        self.history = history
        self.inbox = inbox
        self.readOnly = readOnly
        let (monitor, feed) = MonitorBridge.watch(config, history: history, inbox: inbox)
        live = Mutex(Live(monitor: monitor, feed: feed, desk: desk))
        monitor.start()
    }

    /// The config being watched: the one from start, or the last one reloaded.
    var config: WarroomConfig { live.withLock { $0.monitor.config } }
    var desk: RunbookDesk? { live.withLock { $0.desk } }

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

    func pollNow(_ ids: [String]?) { live.withLock { $0.monitor }.pollNow(ids) }
    func walkGoldenPath() { live.withLock { $0.monitor }.runGoldenPathNow() }
    func persist(_ events: [TimelineEvent]) { history.append(events) }
    func persist(_ banner: BannerRecord) { history.save(banner) }

    func writeReport(_ state: AppState) {
        let text: String
        do {
            let path = try ReportFile.write(IncidentReport(state: state).markdown(), environment: state.environment,
                                            now: state.now, directory: history.reportsDirectory)
            text = "report written: \(path)"
        } catch {
            text = "report not written: \(error.localizedDescription)"
        }
        inbox.post(.flash(text))
    }

    /// The history keeps going to the store opened at start, and the theme stays: a reload
    /// changes what is watched, not where it is kept or how it looks.
    func reloadConfig(path: String) {
        let ticket = live.withLock { live -> Int in
            live.reloads += 1
            return live.reloads
        }
        Task.detached { [self] in
            let outcome: Result<WarroomConfig, ConfigErrors>
            do {
                outcome = .success(try WarroomConfig.load(path: path))
            } catch let errors as ConfigErrors {
                outcome = .failure(errors)
            } catch {
                outcome = .failure(ConfigErrors([ConfigError(file: path, line: nil, key: "", message: "\(error)")]))
            }
            // What a large rejected file took goes back to the system, not only to the heap.
            MemoryRelease.trim()
            switch outcome {
            case .failure(let errors):
                guard self.isLatest(ticket) else { return }
                inbox.post(.configRejected(errors))
            case .success(let config):
                guard self.apply(config, ticket: ticket) else { return }
                inbox.post(.configReloaded(config))
            }
        }
    }

    private func isLatest(_ ticket: Int) -> Bool { live.withLock { $0.reloads == ticket } }

    /// Puts `config` to work, unless a later reload was asked for; returns whether it did.
    private func apply(_ config: WarroomConfig, ticket: Int) -> Bool {
        let started: Monitor? = live.withLock { live in
            guard live.reloads == ticket else { return nil }
            live.feed.close()
            let old = live.monitor
            live.retiring.append(Task.detached { await old.shutdown() })
            (live.monitor, live.feed) = MonitorBridge.watch(config, history: history, inbox: inbox)
            if let desk = live.desk {
                desk.use(config)
            } else if !readOnly && !config.runbooks.isEmpty {
                live.desk = RunbookDesk(config: config, history: history) { [inbox] in inbox.post($0) }
            }
            return live.monitor
        }
        started?.start()
        return started != nil
    }

    /// Stops monitoring and waits for every monitor, also those replaced by a reload.
    func shutdown() {
        let (monitor, retiring) = live.withLock { ($0.monitor, $0.retiring) }
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
