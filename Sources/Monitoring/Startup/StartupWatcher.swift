import Foundation
import Synchronization

/// Watches one service's startup from its `startup:` source and hands every update to
/// `deliver`: the HTTP source after each poll, the log source whenever a batch of lines
/// changed the report or the source's problem changed.
///
/// Contract: everything runs in a background task, so a hung endpoint, a silent command or a
/// file that never grows blocks nothing; a poll never overlaps the next. `deliver` may be
/// called from any thread, and is not called once `stop()` has returned.
public final class StartupWatcher: Sendable {
    public let serviceID: String
    public let spec: StartupSourceSpec
    private let factory: ProbeFactory
    private let deliver: @Sendable (StartupUpdate) -> Void
    private let alarm = Alarm()
    private let task = Mutex<Task<Void, Never>?>(nil)

    public init(serviceID: String, spec: StartupSourceSpec, factory: ProbeFactory, deliver: @escaping @Sendable (StartupUpdate) -> Void) {
        self.serviceID = serviceID
        self.spec = spec
        self.factory = factory
        self.deliver = deliver
    }

    /// Starts polling or following in the background; returns at once. Does nothing while
    /// already started.
    public func start() {
        task.withLock { task in
            guard task == nil else { return }
            task = Task.detached { [self] in await run() }
        }
    }

    /// HTTP source: polls now, unless a poll is running (its answer is on the way).
    /// Log source: nothing to do, lines arrive as they are written.
    public func refreshNow() {
        if case .http = spec.source { alarm.ring() }
    }

    /// Ends everything: the poll loop, or the follower (closing the file, or stopping the
    /// command's whole process group). Returns once it has ended.
    public func stop() async {
        let running = task.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
    }

    /// One look at the source, for one-shot commands: one HTTP poll (with `timeout`), the
    /// existing content of a log file (its last `backlog` bytes), or a log command's output
    /// for up to `timeout` (a command that exits with status 0 before is fine).
    public static func once(serviceID: String, spec: StartupSourceSpec, factory: ProbeFactory, timeout: Seconds) async -> StartupUpdate {
        switch spec.source {
        case .http(var endpoint):
            endpoint.timeout = timeout
            let answer = await StartupEndpoint(spec: endpoint, client: factory.client).poll()
            var last: StartupReport?
            return update(serviceID: serviceID, answer, last: &last)
        case .log(let log):
            let feed = StartupLogFeed(serviceID: serviceID, spec: log, deliver: { _ in })
            switch log.input {
            case .file(let path):
                var follower = LogFileFollower(path: path, backlog: log.backlog, feed: feed)
                follower.readOnce()
            case .command(let command):
                let ending = await LogCommandFollower(command: command, feed: feed).runOnce(until: .now + timeout.duration)
                feed.set(problem: ending.problem(cleanExitIsFine: true))
            }
            return feed.update
        }
    }

    private func run() async {
        switch spec.source {
        case .http(let endpoint):
            await poll(StartupEndpoint(spec: endpoint, client: factory.client))
        case .log(let log):
            let feed = StartupLogFeed(serviceID: serviceID, spec: log, deliver: deliver)
            switch log.input {
            case .file(let path):
                var follower = LogFileFollower(path: path, backlog: log.backlog, feed: feed)
                await follower.run()
            case .command(let command):
                await LogCommandFollower(command: command, feed: feed).run()
            }
        }
    }

    private func poll(_ endpoint: StartupEndpoint) async {
        var last: StartupReport?
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let answer = await endpoint.poll()
            if Task.isCancelled { return }
            deliver(StartupWatcher.update(serviceID: serviceID, answer, last: &last))
            await alarm.sleep(until: started + endpoint.spec.interval.duration)
        }
    }

    /// The update for a poll's answer; a problem keeps the last report known.
    private static func update(serviceID: String, _ answer: StartupEndpoint.Answer, last: inout StartupReport?) -> StartupUpdate {
        switch answer {
        case .report(let report):
            last = report
            return StartupUpdate(serviceID: serviceID, report: report, problem: nil, at: Date())
        case .problem(let problem):
            return StartupUpdate(serviceID: serviceID, report: last, problem: problem, at: Date())
        }
    }
}
