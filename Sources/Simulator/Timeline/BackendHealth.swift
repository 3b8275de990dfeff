/// What the backend's health endpoint answers.
enum BackendHealth: Sendable {
    case healthy
    /// Down: `detail` and `phase` tell why (the last failure, or the phase still starting),
    /// `exitCode` is the last process's exit code if one died.
    case unhealthy(detail: String, phase: StartupPhase?, exitCode: Int?, restarts: Int)
}
