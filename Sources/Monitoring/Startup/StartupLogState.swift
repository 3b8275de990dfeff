import Foundation

/// The startup as a log tells it: each line's matching rules, applied in order to the
/// current attempt.
///
/// Contract:
/// - `new_attempt` resets the phases to the expected ones, all pending, clears the exit code,
///   sets the state to `starting`, and takes the attempt from the rule or counts one up.
///   Unless a rule ever set `restarts`, every new attempt after the first counts as a restart.
/// - A phase going `running` starts at the line's time; one ending (ok, failed, timeout) ends
///   then, and its `elapsed` is the rule's or the time between. Other phases stay as they are.
/// - An exit code is the process exit: a phase still running then has failed, and once a
///   phase has failed or timed out, the pending ones are skipped.
/// - When every expected phase is ok, the state is `running`.
/// - Memory is bounded: only the current attempt is kept, with at most `maxPhases` phases.
struct StartupLogState {
    let rules: [StartupLogRule]
    let expected: [String]
    private(set) var report: StartupReport?
    private var attemptsSeen = 0
    private var restartsFromRules = false

    static let maxPhases = 64

    init(spec: StartupLogSpec) {
        rules = spec.rules
        expected = spec.phases
    }

    /// Applies every rule that matches `line`. `receivedAt` stands in for the time of a line
    /// that carries none (nil while reading a backlog, whose lines are from the past).
    /// Returns whether the report changed.
    @discardableResult
    mutating func read(_ line: LogLine, receivedAt: Date?) -> Bool {
        let before = report
        let time = line.time ?? receivedAt
        for rule in rules {
            if let effect = rule.effect(of: line.text) { apply(effect, at: time) }
        }
        return report != before
    }

    private var expectedPhases: [StartupPhase] { expected.map { StartupPhase(name: $0, status: .pending) } }

    private mutating func apply(_ e: StartupLogRule.Effect, at time: Date?) {
        var r = report ?? StartupReport(phases: expectedPhases)
        if e.newAttempt {
            if !restartsFromRules {
                // Counted: every attempt after the first one seen is a restart.
                r.restarts = (r.restarts ?? 0) + (attemptsSeen == 0 ? 0 : 1)
            }
            attemptsSeen += 1
            r.attempt = StartupLogState.int(e.attempt) ?? (r.attempt ?? 0) + 1
            r.phases = expectedPhases
            r.exitCode = nil
            r.state = "starting"
        } else if let attempt = StartupLogState.int(e.attempt) {
            r.attempt = attempt
        }
        if let revision = StartupLogState.text(e.revision) { r.revision = Sanitize.line(revision, limit: 100) }
        if let state = StartupLogState.text(e.state) { r.state = Sanitize.line(state, limit: 40) }
        if let restarts = StartupLogState.int(e.restarts) {
            r.restarts = restarts
            restartsFromRules = true
        }
        if let i = phaseIndex(for: e, in: &r) {
            update(&r.phases[i], with: e, at: time)
            if e.status == .ok, !expected.isEmpty, r.phases.allSatisfy({ $0.status == .ok }) { r.state = "running" }
        }
        if let code = StartupLogState.int(e.exitCode) {
            r.exitCode = code
            processExited(&r, code: code, at: time)
        }
        if let time { r.updatedAt = time }
        report = r
    }

    /// The phase a rule's phase fields apply to: the named one (added when new), else the
    /// running one; nil when the rule says nothing about a phase.
    private func phaseIndex(for e: StartupLogRule.Effect, in r: inout StartupReport) -> Int? {
        if let name = StartupLogState.text(e.phase) {
            if let i = r.phases.firstIndex(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { return i }
            guard r.phases.count < StartupLogState.maxPhases else { return nil }
            r.phases.append(StartupPhase(name: Sanitize.line(name, limit: 100), status: .pending))
            return r.phases.count - 1
        }
        guard e.status != nil || e.elapsed != nil || e.timeout != nil || e.error != nil else { return nil }
        return r.phases.firstIndex { $0.status == .running }
    }

    private func update(_ p: inout StartupPhase, with e: StartupLogRule.Effect, at time: Date?) {
        if let status = e.status {
            if status == .running {
                p.startedAt = time
                p.endedAt = nil
                p.elapsed = nil
                p.error = nil
            } else if status.isFinished {
                p.endedAt = time
                p.elapsed = StartupLogState.seconds(from: p.startedAt, to: time)
            }
            p.status = status
        }
        if let timeout = StartupLogState.time(e.timeout) { p.timeout = timeout }
        if let elapsed = StartupLogState.time(e.elapsed) { p.elapsed = elapsed }
        if let error = StartupLogState.text(e.error) { p.error = Sanitize.line(error, limit: 1000) }
    }

    private func processExited(_ r: inout StartupReport, code: Int, at time: Date?) {
        for i in r.phases.indices where r.phases[i].status == .running {
            r.phases[i].status = .failed
            r.phases[i].endedAt = time
            r.phases[i].elapsed = StartupLogState.seconds(from: r.phases[i].startedAt, to: time)
            r.phases[i].error = r.phases[i].error ?? "process exited with code \(code)"
        }
        guard r.phases.contains(where: { $0.status.isFailure }) else { return }
        for i in r.phases.indices where r.phases[i].status == .pending {
            r.phases[i].status = .skipped
        }
    }

    private static func text(_ s: String?) -> String? {
        guard let t = s?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
        return t
    }

    private static func int(_ s: String?) -> Int? { text(s).flatMap { Int($0) } }

    /// A time a rule filled in: seconds (`20.0`) or a duration (`20000ms`, `1m30s`).
    private static func time(_ s: String?) -> Double? { text(s).flatMap { TimeUnit.s.seconds(text: $0) } }

    private static func seconds(from start: Date?, to end: Date?) -> Double? {
        guard let start, let end else { return nil }
        return (max(0, end.timeIntervalSince(start)) * 1000).rounded() / 1000
    }
}
