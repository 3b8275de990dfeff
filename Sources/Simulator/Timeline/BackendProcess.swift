import Foundation

/// The backend container's current process, as the container platform sees it.
enum BackendProcess: Sendable {
    /// The startup orchestrator is running its phases.
    case starting
    /// All phases ok; serving. Over a marginal connector it will lose the database at `losesDatabaseAt`.
    case running(since: Date, losesDatabaseAt: Date?)
    /// The process exited; the platform starts the next attempt at `restartAt`.
    case exited(at: Date, code: Int, restartAt: Date)

    /// The process exists (starting or serving).
    var isAlive: Bool {
        if case .exited = self { false } else { true }
    }
}
