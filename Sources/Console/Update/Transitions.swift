import Foundation
import Monitoring

/// Takes monitoring results into the state and says, as timeline events, what changed:
/// a service going down, degrading or recovering, a startup failing or completing, the
/// golden path breaking or passing again.
enum Transitions {
    static func record(_ event: MonitorEvent, _ state: inout AppState) -> [TimelineEvent] {
        var events: [TimelineEvent] = []
        switch event {
        case .check(let result):
            guard let i = state.position(of: result.checkID) else { return [] }
            // Only the status is kept from before: a copy of the whole service would share its
            // history's storage and make `record` copy a day of minute counts for every result.
            let before = (status: state.services[i].status, since: state.services[i].since)
            state.services[i].record(result)
            state.lastResultAt = result.finishedAt
            state.statusChanged(from: before.status, to: state.services[i].status)
            if let e = serviceChange(from: before.status, since: before.since, to: state.services[i], at: result.finishedAt, redactor: state.redactor) {
                events.append(e)
            }
        case .goldenPathStarted:
            state.goldenPath?.walking = true
        case .goldenPath(let run):
            let before = state.goldenPath?.lastKnownPassing
            let since = state.goldenPath?.since
            state.goldenPath?.record(run)
            state.lastResultAt = run.finishedAt
            if let e = goldenPathChange(before, run, lastChange: since, redactor: state.redactor) { events.append(e) }
        case .startup(let update):
            guard let i = state.position(of: update.serviceID) else { return [] }
            let before = state.services[i].lastFailure
            state.services[i].record(update)
            let s = state.services[i]
            if let e = startupChange(before, s, at: update.at, redactor: state.redactor) { events.append(e) }
        }
        append(events, to: &state)
        return events
    }

    /// Adds events in time order (results can arrive out of it: a walk that started earlier
    /// ends after a check), so that the timeline reads newest first from its end.
    static func append(_ events: [TimelineEvent], to state: inout AppState) {
        guard !events.isEmpty else { return }
        for event in events {
            var i = state.timeline.endIndex
            while i > state.timeline.startIndex && state.timeline[i - 1].at > event.at { i -= 1 }
            state.timeline.insert(event, at: i)
        }
        if state.timeline.count > AppState.timelineLimit { state.timeline.removeFirst(state.timeline.count - AppState.timelineLimit) }
    }

    /// The event for a service whose status was `old` (since `oldSince`) and is now `after`'s.
    static func serviceChange(from old: CheckStatus, since oldSince: Date?, to after: ServiceState, at: Date, redactor: SecretRedactor) -> TimelineEvent? {
        guard old != after.status else { return nil }
        let reason = redactor.redact(after.reason)
        switch after.status {
        case .fail:
            return TimelineEvent(at: at, kind: .serviceDown, subject: after.id, sentence: "\(after.name) is down: \(reason)")
        case .warn:
            return TimelineEvent(at: at, kind: .serviceDegraded, subject: after.id, sentence: "\(after.name) is degraded: \(reason)")
        case .ok:
            guard old == .fail || old == .warn else { return nil }
            var sentence = "\(after.name) recovered"
            if let since = oldSince { sentence += " after \(Formatting.exactDuration(at.timeIntervalSince(since))) \(old == .fail ? "down" : "degraded")" }
            return TimelineEvent(at: at, kind: .serviceRecovered, subject: after.id, sentence: sentence + ": \(reason)")
        case .unknown:
            return nil
        }
    }

    static func goldenPathChange(_ before: Bool?, _ run: GoldenPathRun, lastChange: Date?, redactor: SecretRedactor) -> TimelineEvent? {
        if run.passed {
            guard before == false else { return nil }
            var sentence = "Golden path passes again"
            if let lastChange { sentence += " after \(Formatting.exactDuration(run.finishedAt.timeIntervalSince(lastChange))) broken" }
            return TimelineEvent(at: run.finishedAt, kind: .goldenPathRecovered, subject: "golden-path", sentence: sentence)
        }
        guard before != false, let failure = run.firstFailure else { return nil }
        var sentence = "Golden path broken at \(failure.name): \(redactor.redact(failure.reason))"
        if !run.blocked.isEmpty { sentence += "; blocks \(run.blocked.map(\.name).joined(separator: ", "))" }
        return TimelineEvent(at: run.finishedAt, kind: .goldenPathBroken, subject: "golden-path", sentence: sentence)
    }

    static func startupChange(_ before: ServiceState.StartupFailure?, _ s: ServiceState, at: Date, redactor: SecretRedactor) -> TimelineEvent? {
        if let failure = s.lastFailure {
            // One event per new kind of failure, not one per crash-loop attempt.
            if let before, before.phase.name == failure.phase.name, before.phase.status == failure.phase.status, before.phase.error == failure.phase.error {
                return nil
            }
            var sentence = "\(s.name) startup failing"
            if let a = failure.attempt { sentence += " (attempt \(a))" }
            sentence += ": \(failure.phase.name) \(failure.phase.status.rawValue)"
            if let e = failure.phase.elapsed { sentence += String(format: " after %.1fs", e) }
            if let code = failure.exitCode { sentence += ", exit \(code)" }
            if let error = failure.phase.error { sentence += " — \(redactor.redact(error))" }
            return TimelineEvent(at: at, kind: .startupFailed, subject: s.id, sentence: sentence)
        }
        guard before != nil, let report = s.startup?.report else { return nil }
        var sentence = "\(s.name) started: \(report.phases.count) phase\(report.phases.count == 1 ? "" : "s") ok"
        if let a = report.attempt { sentence += " (attempt \(a))" }
        return TimelineEvent(at: at, kind: .startupCompleted, subject: s.id, sentence: sentence)
    }
}
