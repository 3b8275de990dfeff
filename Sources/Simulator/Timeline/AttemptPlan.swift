/// The script of one startup attempt: how long each phase runs, how the attempt ends, and the
/// log lines written along the way. Chosen when the attempt begins, from the connector capacity.
struct AttemptPlan: Sendable {
    /// A log line written while a phase runs, `offset` seconds after the phase started.
    struct Note: Sendable {
        let offset: Double
        let level: LogLevel
        let message: String
    }

    /// One phase as this attempt runs it. A step with a `timeoutError` is the last one: the
    /// phase runs for `duration` and then times out with that error.
    struct Step: Sendable {
        let phase: StartupPhase
        let duration: Double
        var timeoutError: String? = nil
        var notes: [Note] = []
    }

    let steps: [Step]

    /// The step that ends the attempt in failure, if the attempt fails.
    var failingStep: Step? { steps.last.flatMap { $0.timeoutError == nil ? nil : $0 } }

    /// Seconds from the start of the attempt until it is ready or has failed.
    var duration: Double { steps.reduce(0) { $0 + $1.duration } }

    /// The plan for an attempt that begins while the connector has `capacity`.
    static func plan(for capacity: ConnectorCapacity) -> AttemptPlan {
        let opening = [
            Step(phase: .initialization, duration: 0.4),
            Step(phase: .dependencies, duration: 0.6),
        ]
        switch capacity {
        case .exhausted:
            return AttemptPlan(steps: opening + [exhaustedDatabase])
        case .marginal:
            return AttemptPlan(steps: opening + [marginalDatabase] + closing)
        case .available:
            return AttemptPlan(steps: opening + [availableDatabase] + closing)
        }
    }

    private static let closing = [
        Step(phase: .cache, duration: 0.3),
        Step(phase: .services, duration: 1.2),
        Step(phase: .websocket, duration: 0.4),
        Step(phase: .ready, duration: 0.1),
    ]

    private static let connecting = Note(
        offset: 0.01, level: .info,
        message: "Connecting to \(Incident.database) via VPC connector \(Incident.connector) (pool size \(Incident.poolSize), max overflow \(Incident.poolMaxOverflow))"
    )

    private static let exhaustedDatabase = Step(
        phase: .database,
        duration: StartupPhase.database.timeout,
        timeoutError: Incident.databaseTimeoutError,
        notes: [
            connecting,
            Note(offset: 2.5, level: .warning,
                 message: "VPC connector \(Incident.connector) (\(Incident.connectorCIDR)) at max instances; new connection queued while it scales (10-30s)"),
            Note(offset: 7.5, level: .warning,
                 message: "Connection pool exhausted: \(Incident.poolSize + Incident.poolMaxOverflow)/\(Incident.poolSize + Incident.poolMaxOverflow) connections checked out (size \(Incident.poolSize), overflow \(Incident.poolMaxOverflow)); waiting up to \(Incident.poolTimeout)s"),
            Note(offset: 12.5, level: .error,
                 message: "Connection to \(Incident.database) timed out after 5.0s (retry 2/3)"),
            Note(offset: 17.5, level: .error,
                 message: "Connection to \(Incident.database) timed out after 5.0s (retry 3/3)"),
        ]
    )

    private static let marginalDatabase = Step(
        phase: .database,
        duration: 10.0,
        notes: [
            connecting,
            Note(offset: 2.5, level: .warning,
                 message: "VPC connector \(Incident.connector) scaling under load; new connection queued"),
            Note(offset: 9.9, level: .info,
                 message: "Connected to \(Incident.database) after 9.9s (connector capacity marginal)"),
        ]
    )

    private static let availableDatabase = Step(
        phase: .database,
        duration: 3.2,
        notes: [
            connecting,
            Note(offset: 3.1, level: .info, message: "Connected to \(Incident.database) in 3.1s"),
        ]
    )
}
