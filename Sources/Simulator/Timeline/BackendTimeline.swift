import Foundation

/// The backend service over simulated time: startup attempts, the crash loop, the connector
/// capacity that decides how each attempt goes, and the operator actions that change it.
///
/// A pure value: it reads no clock. Every call takes the simulated `now`, first plays the
/// timeline forward to it, and returns the log lines that became due, in order. Times passed
/// in must not go backwards (an earlier `now` is treated as the latest one seen).
///
/// The log tells the story in the order it happened: a line is never dated before one already
/// returned, so timestamps never decrease through the log. Nothing is back-dated; an operator
/// action happens at `now`, and what it starts plays forward from there.
struct BackendTimeline: Sendable {
    private(set) var connector: ConnectorCapacity
    private(set) var attempt: StartupAttempt
    private(set) var process: BackendProcess = .starting
    /// The failure that took the last process down; cleared when an attempt gets ready.
    private(set) var lastFailure: StartupFailure?
    /// Scheduled log lines not yet due, in time order.
    private var scheduled: [BackendEvent]
    private var playedUntil: Date

    /// A backend whose attempt number `firstAttempt` began at `startedAt` with the connector at `connector`.
    init(connector: ConnectorCapacity, firstAttempt: Int, startedAt: Date) {
        self.connector = connector
        self.attempt = StartupAttempt(number: firstAttempt, startedAt: startedAt, plan: .plan(for: connector))
        self.scheduled = attempt.events
        self.playedUntil = startedAt
    }

    /// The backend serves requests.
    var isServing: Bool {
        if case .running = process { true } else { false }
    }

    // MARK: Playing time forward

    /// Plays the timeline up to `now`: phases run, attempts fail or get ready, the platform
    /// restarts exited processes after its backoff.
    mutating func advance(to now: Date) -> [BackendEvent] {
        let now = max(now, playedUntil)
        var due: [BackendEvent] = []
        while let change = nextChange, change <= now {
            due += takeScheduled(through: change)
            performChange(at: change)
        }
        due += takeScheduled(through: now)
        playedUntil = now
        return due
    }

    private var nextChange: Date? {
        switch process {
        case .starting: attempt.endsAt
        case .running(_, let losesDatabaseAt): losesDatabaseAt
        case .exited(_, _, let restartAt): restartAt
        }
    }

    private mutating func performChange(at time: Date) {
        switch process {
        case .starting:
            if let failure = attempt.plannedFailure {
                exit(at: time, failure: failure)
            } else {
                lastFailure = nil
                process = .running(since: time, losesDatabaseAt: connector == .marginal ? time.addingTimeInterval(Incident.marginalUptime) : nil)
            }
        case .running:
            loseDatabase(at: time)
        case .exited:
            beginAttempt(at: time)
        }
    }

    private mutating func takeScheduled(through time: Date) -> [BackendEvent] {
        let count = scheduled.prefix { $0.at <= time }.count
        defer { scheduled.removeFirst(count) }
        return Array(scheduled.prefix(count))
    }

    private mutating func schedule(_ event: BackendEvent) {
        let index = scheduled.firstIndex { $0.at > event.at } ?? scheduled.endIndex
        scheduled.insert(event, at: index)
    }

    private mutating func note(at time: Date, _ level: LogLevel, _ message: String, kind: BackendEvent.Kind? = nil) {
        schedule(BackendEvent(at: time, level: level, message: message, attempt: attempt.number, kind: kind))
    }

    private mutating func beginAttempt(at time: Date) {
        attempt = StartupAttempt(number: attempt.number + 1, startedAt: time, plan: .plan(for: connector))
        process = .starting
        attempt.events.forEach { schedule($0) }
    }

    private mutating func exit(at time: Date, failure: StartupFailure) {
        lastFailure = failure
        process = .exited(at: time, code: failure.exitCode, restartAt: time.addingTimeInterval(Incident.restartBackoff))
        let exitMessage = switch failure.moment {
        case .duringStartup: "Application startup failed. Exiting. exit code \(failure.exitCode)"
        case .whileServing: "Application shutting down: chat cannot work without the database. exit code \(failure.exitCode)"
        }
        note(at: time.addingTimeInterval(0.012), .error, exitMessage, kind: .processExited)
        note(
            at: time.addingTimeInterval(0.25), .warning,
            "Container exited with code \(failure.exitCode); restarting (restart \(attempt.number))", kind: .containerRestarted
        )
    }

    /// Drops the lines the process would have written after `time`, when it stops then. Lines
    /// of `time` itself stay: they happened (e.g. the connector warning that precedes the loss).
    private mutating func dropLines(after time: Date) {
        scheduled.removeAll { $0.at > time }
    }

    /// The live process loses its database connections: it exits with code 3 and the crash loop takes over.
    private mutating func loseDatabase(at time: Date) {
        let moment: StartupFailure.Moment = isServing ? .whileServing : .duringStartup
        dropLines(after: time)
        attempt.interrupt(at: time, error: Incident.databaseLostError)
        note(at: time, .critical, Incident.databaseLostError)
        exit(
            at: time,
            failure: StartupFailure(phase: .database, error: Incident.databaseLostError, exitCode: Incident.startupFailureExitCode, moment: moment)
        )
    }

    /// The operator stops the backend so the platform can start a new process at `time`: a live
    /// process is terminated (SIGTERM, exit code 143) and the lines it would still have written
    /// are dropped; an exited one gets the lines of its exit written now, before the restart.
    private mutating func stopForRestart(at time: Date) {
        guard process.isAlive else {
            // Lines of its exit still pending (due up to 0.25 s after it) go out now, ahead of
            // the restart, instead of after the next attempt's first lines.
            scheduled = scheduled.map { $0.dated(time) }
            return
        }
        dropLines(after: time)
        attempt.interrupt(at: time, error: "Stopped by operator restart")
        note(at: time, .warning, "Restart requested by operator: stopping attempt \(attempt.number)")
        note(at: time, .warning, "Process terminated by SIGTERM. exit code \(Incident.terminatedExitCode)", kind: .processExited)
    }

    /// The operator restarts the backend at `time`: the current process is stopped, the restart
    /// is logged the way the platform logs its own (`restarting (restart N)`, N being the
    /// number of the attempt that stopped), and the next attempt begins at `time`.
    private mutating func restartByOperator(at time: Date) {
        stopForRestart(at: time)
        note(
            at: time, .info, "Container restarted by operator; restarting (restart \(attempt.number))",
            kind: .containerRestarted
        )
        beginAttempt(at: time)
    }

    // MARK: Operator actions and scenario changes

    /// The connector gets capacity. The attempt in progress is unaffected (its connections were
    /// queued already); the next attempt reaches the database, and a serving backend stays up.
    mutating func scaleConnector(at now: Date) -> [BackendEvent] {
        var due = advance(to: now)
        let before = connector
        connector = .available
        note(
            at: now, .info,
            "VPC connector \(Incident.connector) scaled out: max instances \(before.instances.max) -> \(connector.instances.max); capacity available"
        )
        if case .running(let since, _) = process {
            process = .running(since: since, losesDatabaseAt: nil)
        }
        due += advance(to: now)
        return due
    }

    /// The platform restarts the backend now: a live process is terminated and a new attempt
    /// begins immediately, planned from the current connector capacity.
    mutating func restart(at now: Date) -> [BackendEvent] {
        var due = advance(to: now)
        restartByOperator(at: now)
        due += advance(to: now)
        return due
    }

    /// Concurrent startups exhaust the connector: a live backend loses the database and the
    /// crash loop resumes.
    mutating func exhaustConnector(at now: Date) -> [BackendEvent] {
        var due = advance(to: now)
        connector = .exhausted
        note(
            at: now, .warning,
            "VPC connector \(Incident.connector) at max instances (\(connector.instances.max)); connection pool exhausted by concurrent startups"
        )
        if process.isAlive {
            loseDatabase(at: now)
        }
        due += advance(to: now)
        return due
    }

    /// The connector turns marginal: attempts reach the database slowly, and a serving backend
    /// loses it after a while, so the backend flaps.
    mutating func degradeConnector(at now: Date) -> [BackendEvent] {
        var due = advance(to: now)
        connector = .marginal
        note(at: now, .warning, "VPC connector \(Incident.connector) scaling under load (10-30s delays); capacity marginal")
        if case .running(let since, nil) = process {
            process = .running(since: since, losesDatabaseAt: now.addingTimeInterval(Incident.marginalUptime))
        }
        due += advance(to: now)
        return due
    }

    /// The runbook's recovery: the connector is scaled and, unless the backend is serving
    /// already, it is restarted. The old process is stopped now and a fresh attempt begins now,
    /// planned on the scaled connector: it is ready `AttemptPlan.plan(for: .available).duration`
    /// (6.2) simulated seconds later. Nothing is back-dated, so the log reads scale, stop,
    /// restart, then the new attempt's phases, with timestamps that never go backwards.
    mutating func recover(at now: Date) -> [BackendEvent] {
        var due = scaleConnector(at: now)
        guard !isServing else { return due }
        restartByOperator(at: now)
        due += advance(to: now)
        return due
    }

    // MARK: Reports

    /// The startup endpoint's view at `now` (call after `advance(to: now)`).
    func startupStatus(at now: Date) -> StartupStatus {
        let state: BackendState
        var exitCode: Int?
        var updatedAt = attempt.lastChange(at: now)
        switch process {
        case .starting:
            state = .starting
        case .running(let since, _):
            state = .running
            updatedAt = max(updatedAt, since)
        case .exited(let at, let code, _):
            state = .crashloop
            exitCode = code
            updatedAt = max(updatedAt, at)
        }
        return StartupStatus(
            attempt: attempt.number, state: state, exitCode: exitCode, restarts: attempt.number - 1,
            updatedAt: updatedAt, phases: attempt.phaseReports(at: now)
        )
    }

    /// The health endpoint's view at `now` (call after `advance(to: now)`).
    func health(at now: Date) -> BackendHealth {
        if isServing { return .healthy }
        let restarts = attempt.number - 1
        if let lastFailure {
            return .unhealthy(detail: lastFailure.detail, phase: lastFailure.phase, exitCode: lastFailure.exitCode, restarts: restarts)
        }
        let phase = attempt.phase(at: now)
        let progress = phase.map { ", \($0.label) running" } ?? ""
        return .unhealthy(detail: "Backend not ready: startup attempt \(attempt.number)\(progress)", phase: phase, exitCode: nil, restarts: restarts)
    }
}
