import Foundation

/// One phase of one attempt as the startup endpoint reports it.
struct PhaseReport: Sendable {
    let phase: StartupPhase
    let status: PhaseStatus
    var startedAt: Date? = nil
    var endedAt: Date? = nil
    /// Seconds the phase ran (still growing while `running`).
    var elapsed: Double? = nil
    var error: String? = nil
}
