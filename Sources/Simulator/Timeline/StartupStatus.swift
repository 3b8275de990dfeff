import Foundation

/// The backend's startup as the `/backend/startup` endpoint reports it: the current attempt,
/// its phases, and the container's state.
struct StartupStatus: Sendable {
    let attempt: Int
    let state: BackendState
    /// Exit code of the current attempt's process; nil while it is alive.
    let exitCode: Int?
    let restarts: Int
    /// Time of the latest phase boundary or process change.
    let updatedAt: Date
    let phases: [PhaseReport]
}
