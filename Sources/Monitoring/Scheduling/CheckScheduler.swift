import Foundation
import Synchronization

/// Runs every check on its own interval, concurrently, and hands each result to `deliver`.
///
/// Contract: each check runs in its own task, so a check that hangs delays no other; a check
/// never overlaps itself (a `pollNow` while it runs is dropped — its result is on the way);
/// every run is cut off at its timeout plus `grace` even if the probe ignores the timeout, and
/// then reports "timed out after …"; `deliver` may be called from any thread.
public final class CheckScheduler: Sendable {
    public struct Job: Sendable {
        public var id: String
        public var interval: Seconds
        public var timeout: Seconds
        public var probe: any Probe

        public init(id: String, interval: Seconds, timeout: Seconds, probe: any Probe) {
            self.id = id
            self.interval = interval
            self.timeout = timeout
            self.probe = probe
        }
    }

    private let jobs: [Job]
    private let alarms: [String: Alarm]
    private let deliver: @Sendable (CheckResult) -> Void
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let grace: Duration

    public init(jobs: [Job], grace: Duration = .milliseconds(250), deliver: @escaping @Sendable (CheckResult) -> Void) {
        self.jobs = jobs
        self.grace = grace
        self.deliver = deliver
        var alarms: [String: Alarm] = [:]
        for j in jobs { alarms[j.id] = Alarm() }
        self.alarms = alarms
    }

    /// Starts every check; the first runs are spread over the first second (or the interval,
    /// if shorter) so a large config does not fire all at once.
    public func start() {
        let origin = ContinuousClock.now
        let count = max(1, jobs.count)
        let started = jobs.enumerated().map { index, job in
            let spread = min(1.0, job.interval.value) * Double(index) / Double(count)
            let first = origin + .milliseconds(Int64(spread * 1000))
            let alarm = alarms[job.id]!
            return Task.detached { [grace, deliver] in
                await CheckScheduler.loop(job: job, firstDue: first, alarm: alarm, grace: grace, deliver: deliver)
            }
        }
        tasks.withLock { $0.append(contentsOf: started) }
    }

    /// Runs the given checks (all when nil) now, unless they are already running.
    public func pollNow(_ ids: [String]? = nil) {
        for id in ids ?? jobs.map(\.id) { alarms[id]?.ring() }
    }

    /// Stops every check; returns once their loops have ended.
    public func stop() async {
        let running = tasks.withLock { t -> [Task<Void, Never>] in
            defer { t.removeAll() }
            return t
        }
        for t in running { t.cancel() }
        for t in running { await t.value }
    }

    /// Runs `job` on a fixed grid of due times. A run's lag is measured against the time it was
    /// first due, never a time moved to fit; when a check falls a whole interval or more behind
    /// (the machine is overloaded), the slots it could not keep are given up and counted as
    /// `missed`, and it runs at once for the latest slot, so that it does not run back to back
    /// to catch up, and the overload shows in both figures.
    private static func loop(job: Job, firstDue: ContinuousClock.Instant, alarm: Alarm, grace: Duration, deliver: @Sendable (CheckResult) -> Void) async {
        let interval = job.interval.duration
        var due = firstDue
        var missed = 0
        var onDemand = false
        await alarm.sleep(until: due)
        if ContinuousClock.now < due { onDemand = true }
        while !Task.isCancelled {
            let startInstant = ContinuousClock.now
            let lag = onDemand || startInstant <= due ? Duration.zero : startInstant - due
            let startedAt = Date()
            let outcome = await runGuarded(job.probe, timeout: job.timeout, grace: grace)
            if Task.isCancelled { return }
            deliver(CheckResult(checkID: job.id, outcome: outcome, startedAt: startedAt, finishedAt: Date(), lag: lag, missed: missed))
            // The next slot of the grid; slots already wholly past are given up.
            let anchor = onDemand ? startInstant : due
            due = anchor + interval
            let now = ContinuousClock.now
            missed = 0
            if now - due >= interval {
                let behind = Int((now - due).seconds / interval.seconds)
                missed = behind
                due = due + interval * behind
            }
            await alarm.sleep(until: due)
            onDemand = ContinuousClock.now < due  // woken early: this run is on demand
        }
    }

    /// Runs `probe`, and cuts it off at `timeout + grace` if it has not answered: then it is
    /// cancelled and has `grace` more to answer with what it knows (a body that stalled after
    /// so many bytes), else the run reads "timed out after …".
    static func runGuarded(_ probe: any Probe, timeout: Seconds, grace: Duration) async -> ProbeOutcome {
        await Race.run({ await probe.run(timeout: timeout) }, cutOffAfter: timeout.duration + grace, wordsWithin: grace) {
            .timedOut(after: timeout)
        }
    }
}
