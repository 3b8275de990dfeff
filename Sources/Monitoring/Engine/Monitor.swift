import Foundation

/// Watches everything a config names — service checks and the golden path — and reports
/// each result as it comes.
///
/// Contract: `start()` begins polling in the background and returns at once; events reach
/// `deliver` from any thread; `pollOnce()` runs every check once, concurrently, and returns
/// when all have answered or timed out; `shutdown()` stops everything and releases sockets.
public final class Monitor: Sendable {
    public let config: WarroomConfig
    let factory: ProbeFactory
    let scheduler: CheckScheduler
    let goldenPath: GoldenPathScheduler?
    let startupWatchers: [StartupWatcher]

    public init(config: WarroomConfig, deliver: @escaping @Sendable (MonitorEvent) -> Void) {
        self.config = config
        let factory = ProbeFactory(expectedConcurrency: config.services.count + (config.goldenPath?.steps.count ?? 0))
        self.factory = factory
        let jobs = config.services.map { s in
            CheckScheduler.Job(id: s.id, interval: s.check.interval, timeout: s.check.timeout, probe: factory.probe(for: s.check))
        }
        scheduler = CheckScheduler(jobs: jobs) { deliver(.check($0)) }
        goldenPath = config.goldenPath.map { GoldenPathScheduler(runner: GoldenPathRunner(spec: $0, factory: factory), deliver: deliver) }
        startupWatchers = config.services.compactMap { s in
            s.startup.map { StartupWatcher(serviceID: s.id, spec: $0, factory: factory) { deliver(.startup($0)) } }
        }
    }

    public func start() {
        scheduler.start()
        goldenPath?.start()
        startupWatchers.forEach { $0.start() }
    }

    /// Runs the given checks (all when nil) now, and re-reads their startup status.
    public func pollNow(_ ids: [String]?) {
        scheduler.pollNow(ids)
        for w in startupWatchers where ids?.contains(w.serviceID) ?? true { w.refreshNow() }
    }

    /// Every service's startup status once (an HTTP poll, or what a log says so far).
    public func readStartupOnce() async -> [StartupUpdate] {
        await withTaskGroup(of: (Int, StartupUpdate).self) { group in
            for (i, s) in config.services.enumerated() {
                guard let spec = s.startup else { continue }
                group.addTask { [factory] in
                    (i, await StartupWatcher.once(serviceID: s.id, spec: spec, factory: factory, timeout: Seconds(5)))
                }
            }
            var updates: [(Int, StartupUpdate)] = []
            for await u in group { updates.append(u) }
            return updates.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Walks the golden path now, unless a walk is under way.
    public func runGoldenPathNow() { goldenPath?.runNow() }

    /// One walk along the golden path, if the config has one.
    public func walkGoldenPathOnce() async -> GoldenPathRun? {
        guard let spec = config.goldenPath else { return nil }
        return await GoldenPathRunner(spec: spec, factory: factory).run()
    }

    /// Every check once, in config order.
    public func pollOnce() async -> [CheckResult] {
        await withTaskGroup(of: (Int, CheckResult).self) { group in
            for (i, s) in config.services.enumerated() {
                let probe = factory.probe(for: s.check)
                group.addTask {
                    let started = Date()
                    let outcome = await CheckScheduler.runGuarded(probe, timeout: s.check.timeout, grace: .milliseconds(250))
                    return (i, CheckResult(checkID: s.id, outcome: outcome, startedAt: started, finishedAt: Date()))
                }
            }
            var results: [(Int, CheckResult)] = []
            for await r in group { results.append(r) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    public func shutdown() async {
        for w in startupWatchers { await w.stop() }
        await goldenPath?.stop()
        await scheduler.stop()
        await factory.shutdown()
    }
}
