extension StartupStatus {
    /// The Warroom startup schema: service, attempt, revision, state, exit_code, restarts,
    /// updated_at, phases (name, status, started_at, ended_at, elapsed_s, timeout_s, error).
    var json: JSON {
        [
            "service": .string(Incident.service),
            "attempt": .int(attempt),
            "revision": .string(Incident.revision),
            "state": .string(state.rawValue),
            "exit_code": JSON(exitCode),
            "restarts": .int(restarts),
            "updated_at": .string(Timestamp.iso8601(updatedAt, milliseconds: false)),
            "phases": .array(phases.map(\.json)),
        ]
    }
}

extension PhaseReport {
    var json: JSON {
        [
            "name": .string(phase.name),
            "status": .string(status.rawValue),
            "started_at": JSON(startedAt.map { Timestamp.iso8601($0, milliseconds: false) }),
            "ended_at": JSON(endedAt.map { Timestamp.iso8601($0, milliseconds: false) }),
            "elapsed_s": JSON(elapsed),
            "timeout_s": .number(phase.timeout),
            "error": JSON(error),
        ]
    }
}
