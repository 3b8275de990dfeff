import Foundation

/// One line of the backend's log: what happened, when (simulated time), and, for the startup
/// events a parser cares about, which event and phase it was.
struct BackendEvent: Sendable {
    /// The machine-readable events of the JSON log (`"event"` field).
    enum Kind: String, Sendable {
        case attemptStarted = "attempt_started"
        case phaseStarted = "phase_started"
        case phaseCompleted = "phase_completed"
        case phaseFailed = "phase_failed"
        case processExited = "process_exited"
        case containerRestarted = "container_restarted"
    }

    let at: Date
    let level: LogLevel
    let message: String
    /// The startup attempt the line belongs to.
    let attempt: Int
    var phase: StartupPhase? = nil
    var kind: Kind? = nil

    /// The same line written at `time` instead.
    func dated(_ time: Date) -> BackendEvent {
        BackendEvent(at: time, level: level, message: message, attempt: attempt, phase: phase, kind: kind)
    }

    /// `2026-11-25T16:47:16.123Z INFO Phase 1 INIT started (timeout 5.0s)`
    var textLine: String {
        "\(Timestamp.iso8601(at, milliseconds: true)) \(level.rawValue) \(message)"
    }

    /// The same line as a JSON object; `phase`, `phase_index` and `event` are null when absent.
    var json: JSON {
        [
            "ts": .string(Timestamp.iso8601(at, milliseconds: true)),
            "level": .string(level.rawValue),
            "message": .string(message),
            "phase": JSON(phase?.name),
            "phase_index": JSON(phase?.rawValue),
            "event": JSON(kind?.rawValue),
            "attempt": .int(attempt),
        ]
    }
}
