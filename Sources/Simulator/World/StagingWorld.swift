import Foundation
import Synchronization

/// The simulated staging's shared state: the scenario, the backend's timeline and its log, all
/// read against the simulation clock.
///
/// Every access first plays the timeline forward to the clock's `now` and appends the log lines
/// that became due, so the answers and the log always agree with the clock.
final class StagingWorld: Sendable {
    private struct State {
        var scenario: Scenario
        var timeline: BackendTimeline
    }

    private let clock: any SimulationClock
    private let log: BackendLog
    private let state: Mutex<State>

    /// A world in `scenario` as of the clock's `now`; the backlog of earlier attempts goes to `log`.
    init(scenario: Scenario, clock: any SimulationClock, log: BackendLog) {
        let now = clock.now()
        var timeline = scenario.history(endingAt: now)
        log.append(timeline.advance(to: now))
        self.clock = clock
        self.log = log
        self.state = Mutex(State(scenario: scenario, timeline: timeline))
    }

    var scenario: Scenario {
        state.withLock { $0.scenario }
    }

    var connector: ConnectorCapacity {
        played { state, _ in state.timeline.connector }
    }

    var isBackendServing: Bool {
        played { state, _ in state.timeline.isServing }
    }

    func startupStatus() -> StartupStatus {
        played { state, now in state.timeline.startupStatus(at: now) }
    }

    func backendHealth() -> BackendHealth {
        played { state, now in state.timeline.health(at: now) }
    }

    /// Plays the timeline up to now, writing the log lines that became due.
    func advance() {
        played { _, _ in }
    }

    /// Switches the story live: `outage` exhausts the connector (a live backend loses the
    /// database and the crash loop resumes), `flapping` makes it marginal, `healthy` and `slow`
    /// scale it and, unless the backend is serving already, restart it: the old process stops
    /// now and a fresh attempt starts now and serves once its phases are through (6.2 simulated
    /// seconds), as the log and `/backend/startup` both tell.
    func switchScenario(to scenario: Scenario) {
        played { state, now in
            state.scenario = scenario
            switch scenario {
            case .outage: log.append(state.timeline.exhaustConnector(at: now))
            case .flapping: log.append(state.timeline.degradeConnector(at: now))
            case .healthy, .slow: log.append(state.timeline.recover(at: now))
            }
        }
    }

    /// The VPC connector gets capacity; the next startup attempt reaches the database.
    func scaleConnector() {
        played { state, now in log.append(state.timeline.scaleConnector(at: now)) }
    }

    /// The backend restarts now; returns the startup as it stands right after.
    func restartBackend() -> StartupStatus {
        played { state, now in
            log.append(state.timeline.restart(at: now))
            return state.timeline.startupStatus(at: now)
        }
    }

    private func played<T>(_ body: (inout State, Date) -> T) -> T {
        state.withLock { state in
            let now = clock.now()
            log.append(state.timeline.advance(to: now))
            return body(&state, now)
        }
    }
}
