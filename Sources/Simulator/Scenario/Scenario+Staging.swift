import Foundation

extension Scenario {
    /// The connector capacity the scenario's story starts from.
    var connectorCapacity: ConnectorCapacity {
        switch self {
        case .outage: .exhausted
        case .flapping: .marginal
        case .healthy, .slow: .available
        }
    }

    /// The backend as it stands when the simulator starts at `now` in this scenario, with the
    /// attempts before `now` still to be played (so their log lines form the backlog).
    func history(endingAt now: Date) -> BackendTimeline {
        switch self {
        case .outage:
            // Attempt 7 timed out in phase 3 half a second ago, after attempts 5 and 6 did the same.
            let attempt = AttemptPlan.plan(for: .exhausted).duration
            let cycle = attempt + Incident.restartBackoff
            let attemptFiveStart = now.addingTimeInterval(-(0.5 + attempt + 2 * cycle))
            return BackendTimeline(connector: .exhausted, firstAttempt: 5, startedAt: attemptFiveStart)
        case .flapping:
            // Attempt 1 served and lost the database; attempt 2 is in phase 3 and gets ready in 3 s.
            return BackendTimeline(connector: .marginal, firstAttempt: 1, startedAt: now.addingTimeInterval(-40))
        case .healthy, .slow:
            return BackendTimeline(connector: .available, firstAttempt: 1, startedAt: now.addingTimeInterval(-60))
        }
    }

    /// Extra real time the backend's health endpoint takes to answer.
    var backendHealthDelay: Duration {
        self == .slow ? .milliseconds(2500) : .zero
    }

    /// Extra real time the auth service takes to answer.
    var authDelay: Duration {
        self == .slow ? .milliseconds(1200) : .zero
    }
}
