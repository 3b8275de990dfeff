import Foundation

/// One finished run of one check, as the scheduler delivers it.
public struct CheckResult: Hashable, Sendable {
    public var checkID: String
    public var outcome: ProbeOutcome
    public var startedAt: Date
    public var finishedAt: Date
    /// How late the run started against the time it was first due (0 for on-demand runs).
    public var lag: Duration
    /// Runs of the schedule given up before this one because the check could not keep up.
    public var missed: Int

    public init(checkID: String, outcome: ProbeOutcome, startedAt: Date, finishedAt: Date, lag: Duration = .zero, missed: Int = 0) {
        self.checkID = checkID
        self.outcome = outcome
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.lag = lag
        self.missed = missed
    }
}
