import Foundation

/// The clock of the simulated staging: every timestamp, phase duration and restart the
/// simulator shows is read from it.
///
/// Contract: `now()` is safe to call from any task and never goes backwards. The simulator
/// reads it on every request and on a background tick, so it must be cheap.
public protocol SimulationClock: Sendable {
    /// The current simulated time.
    func now() -> Date
}
