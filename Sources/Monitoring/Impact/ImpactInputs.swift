import Foundation

/// What impact rules look at: a snapshot of the live state, built by whoever holds it.
public struct ImpactInputs: Sendable {
    /// One service as the rules see it.
    public struct Service: Sendable {
        public var id: String
        public var name: String
        public var status: CheckStatus
        /// When the status last changed.
        public var since: Date?
        /// The failing phase of the current or last failed startup attempt, if any.
        public var failedPhase: StartupPhase?
        /// Since when startups have been failing.
        public var failingStartupSince: Date?
        public var startup: StartupReport?
        public var exitCode: Int?
        public var history: ServiceHistory?

        public init(id: String, name: String, status: CheckStatus, since: Date?, failedPhase: StartupPhase? = nil, failingStartupSince: Date? = nil, startup: StartupReport? = nil, exitCode: Int? = nil, history: ServiceHistory? = nil) {
            self.id = id
            self.name = name
            self.status = status
            self.since = since
            self.failedPhase = failedPhase
            self.failingStartupSince = failingStartupSince
            self.startup = startup
            self.exitCode = exitCode
            self.history = history
        }
    }

    public var now: Date
    public var services: [Service]
    public var goldenPath: GoldenPathRun?
    /// When the golden path last went from passing to failing (or first failed).
    public var goldenPathSince: Date?

    public init(now: Date, services: [Service], goldenPath: GoldenPathRun?, goldenPathSince: Date?) {
        self.now = now
        self.services = services
        self.goldenPath = goldenPath
        self.goldenPathSince = goldenPathSince
    }
}
