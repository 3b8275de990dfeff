/// Why the backend's last process died: the phase it was about, the error, the exit code.
struct StartupFailure: Sendable {
    /// Whether the process died while starting or after it had been serving.
    enum Moment: Sendable {
        case duringStartup
        case whileServing
    }

    let phase: StartupPhase
    let error: String
    let exitCode: Int
    let moment: Moment

    /// The health endpoint's `detail`, e.g. "Startup failed: Database initialization timeout after 20.0s in staging environment".
    var detail: String {
        switch moment {
        case .duringStartup: "Startup failed: \(error)"
        case .whileServing: "Backend exited: \(error)"
        }
    }
}
