import Foundation

/// Where a service's startup stands: the attempt, its phases in order, and the process.
public struct StartupReport: Hashable, Sendable {
    public var service: String?
    /// 1 for the first process of the revision, counting up with every restart.
    public var attempt: Int?
    public var revision: String?
    /// As the source says it, e.g. `crashloop`, `starting`, `running`.
    public var state: String?
    /// Exit code of the attempt's process; nil while it is alive or when unknown.
    public var exitCode: Int?
    public var restarts: Int?
    public var phases: [StartupPhase]
    /// When the source last saw a change.
    public var updatedAt: Date?

    public init(service: String? = nil, attempt: Int? = nil, revision: String? = nil, state: String? = nil,
                exitCode: Int? = nil, restarts: Int? = nil, phases: [StartupPhase] = [], updatedAt: Date? = nil) {
        self.service = service
        self.attempt = attempt
        self.revision = revision
        self.state = state
        self.exitCode = exitCode
        self.restarts = restarts
        self.phases = phases
        self.updatedAt = updatedAt
    }

    /// The first phase that failed or timed out: where the startup died.
    public var failingPhase: StartupPhase? { phases.first { $0.status.isFailure } }

    /// The phase running now, if any.
    public var runningPhase: StartupPhase? { phases.first { $0.status == .running } }
}
