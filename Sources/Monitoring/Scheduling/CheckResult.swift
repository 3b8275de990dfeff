import Foundation

/// One finished run of one check, as the scheduler delivers it.
public struct CheckResult: Hashable, Sendable {
    public var checkID: String
    public var outcome: ProbeOutcome
    public var startedAt: Date
    public var finishedAt: Date
    /// How late the run started against its schedule (0 for on-demand runs).
    public var lag: Duration

    public init(checkID: String, outcome: ProbeOutcome, startedAt: Date, finishedAt: Date, lag: Duration = .zero) {
        self.checkID = checkID
        self.outcome = outcome
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.lag = lag
    }
}
