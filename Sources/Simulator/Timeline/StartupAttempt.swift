import Foundation

/// One run of the backend's startup, from the platform starting the process until the process is
/// ready, fails a phase, or is stopped from outside (operator restart, database lost).
struct StartupAttempt: Sendable {
    /// Why and when the attempt was cut short before its plan played out.
    struct Interruption: Sendable {
        let at: Date
        let error: String
    }

    /// 1 for the first process of the revision; `restarts` is always `number - 1`.
    let number: Int
    let startedAt: Date
    let plan: AttemptPlan
    private(set) var interruption: Interruption?

    init(number: Int, startedAt: Date, plan: AttemptPlan) {
        self.number = number
        self.startedAt = startedAt
        self.plan = plan
    }

    /// When the attempt is ready (plan succeeds) or has failed its last phase.
    var endsAt: Date { scheduledSteps.last?.end ?? startedAt }

    /// The plan's steps with the times they start and end.
    private var scheduledSteps: [(step: AttemptPlan.Step, start: Date, end: Date)] {
        var scheduled: [(step: AttemptPlan.Step, start: Date, end: Date)] = []
        var phaseStart = startedAt
        for step in plan.steps {
            let phaseEnd = phaseStart.addingTimeInterval(step.duration)
            scheduled.append((step, phaseStart, phaseEnd))
            phaseStart = phaseEnd
        }
        return scheduled
    }

    /// The failure the plan ends with, if it fails.
    var plannedFailure: StartupFailure? {
        plan.failingStep.map {
            StartupFailure(phase: $0.phase, error: $0.timeoutError ?? "", exitCode: Incident.startupFailureExitCode, moment: .duringStartup)
        }
    }

    /// Stops the attempt at `at`: the phase running then fails with `error`, later ones are skipped.
    mutating func interrupt(at: Date, error: String) {
        interruption = Interruption(at: at, error: error)
    }

    /// The phase running at `now`, or nil before the first and after the last.
    func phase(at now: Date) -> StartupPhase? {
        phaseReports(at: now).first { $0.status == .running }?.phase
    }

    /// The log lines of the startup, in time order, as the plan scripts them.
    var events: [BackendEvent] {
        var events = [
            BackendEvent(
                at: startedAt, level: .info,
                message: "\(Incident.service) startup attempt \(number) revision \(Incident.revision)",
                attempt: number, kind: .attemptStarted
            ),
        ]
        for (step, phaseStart, phaseEnd) in scheduledSteps {
            events.append(event(at: phaseStart, .info, "\(step.phase.label) started (timeout \(Seconds.text(step.phase.timeout)))", step.phase, .phaseStarted))
            for note in step.notes {
                events.append(BackendEvent(at: phaseStart.addingTimeInterval(note.offset), level: note.level, message: note.message, attempt: number, phase: step.phase))
            }
            if let error = step.timeoutError {
                events.append(event(at: phaseEnd, .critical, "\(step.phase.label) failed: \(error)", step.phase, .phaseFailed))
                events.append(event(
                    at: phaseEnd, .critical,
                    "Chat cannot work without \(step.phase.name); deterministic startup refuses to start (no graceful degradation)",
                    step.phase, nil
                ))
            } else {
                events.append(event(at: phaseEnd, .info, "\(step.phase.label) completed in \(Seconds.text(step.duration))", step.phase, .phaseCompleted))
            }
        }
        if plan.failingStep == nil {
            events.append(BackendEvent(
                at: endsAt, level: .info,
                message: "Application startup complete: \(plan.steps.count) phases ok in \(Seconds.text(plan.duration))",
                attempt: number
            ))
        }
        return events
    }

    /// Every phase of the startup schema as it stands at `now`.
    func phaseReports(at now: Date) -> [PhaseReport] {
        let stoppedAt = interruption.map { min($0.at, now) } ?? now
        var reports: [PhaseReport] = []
        for (step, phaseStart, phaseEnd) in scheduledSteps {
            if stoppedAt < phaseStart {
                reports.append(PhaseReport(phase: step.phase, status: interruption == nil ? .pending : .skipped))
            } else if stoppedAt < phaseEnd {
                let elapsed = Seconds.rounded(stoppedAt.timeIntervalSince(phaseStart))
                if let interruption {
                    reports.append(PhaseReport(
                        phase: step.phase, status: .failed, startedAt: phaseStart, endedAt: interruption.at,
                        elapsed: elapsed, error: interruption.error
                    ))
                } else {
                    reports.append(PhaseReport(phase: step.phase, status: .running, startedAt: phaseStart, elapsed: elapsed))
                }
            } else {
                reports.append(PhaseReport(
                    phase: step.phase, status: step.timeoutError == nil ? .ok : .timeout,
                    startedAt: phaseStart, endedAt: phaseEnd, elapsed: Seconds.rounded(step.duration), error: step.timeoutError
                ))
            }
        }
        let failed = reports.contains { $0.status == .timeout || $0.status == .failed || $0.status == .skipped }
        for phase in StartupPhase.allCases.dropFirst(reports.count) {
            reports.append(PhaseReport(phase: phase, status: failed ? .skipped : .pending))
        }
        return reports
    }

    /// The latest phase boundary at or before `now` (start of the attempt at the earliest).
    func lastChange(at now: Date) -> Date {
        let reports = phaseReports(at: now)
        let boundaries = reports.flatMap { [$0.startedAt, $0.endedAt] }.compactMap { $0 }
        return boundaries.filter { $0 <= now }.max() ?? startedAt
    }

    private func event(at: Date, _ level: LogLevel, _ message: String, _ phase: StartupPhase, _ kind: BackendEvent.Kind?) -> BackendEvent {
        BackendEvent(at: at, level: level, message: message, attempt: number, phase: phase, kind: kind)
    }
}
