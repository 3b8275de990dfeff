import Foundation

/// One phase of one startup attempt: its status, when it ran, how long it took against its
/// budget, and why it failed.
///
/// Contract: `error` is sanitized (no control or escape sequences). For a running phase with
/// `startedAt` and no `elapsed`, the time so far is `now - startedAt` (see `elapsed(at:)`).
public struct StartupPhase: Hashable, Sendable {
    public var name: String
    public var status: PhaseStatus
    public var startedAt: Date?
    public var endedAt: Date?
    /// Seconds the phase ran (so far, when running).
    public var elapsed: Double?
    /// The budget in seconds.
    public var timeout: Double?
    public var error: String?

    public init(name: String, status: PhaseStatus, startedAt: Date? = nil, endedAt: Date? = nil,
                elapsed: Double? = nil, timeout: Double? = nil, error: String? = nil) {
        self.name = name
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.elapsed = elapsed
        self.timeout = timeout
        self.error = error
    }

    /// Seconds the phase ran by `now`: `elapsed` when known, otherwise measured from
    /// `startedAt` (to `endedAt` when it ended); nil when neither is known.
    public func elapsed(at now: Date) -> Double? {
        if let elapsed { return elapsed }
        guard let startedAt else { return nil }
        return max(0, (endedAt ?? now).timeIntervalSince(startedAt))
    }
}
