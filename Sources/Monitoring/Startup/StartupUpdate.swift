import Foundation

/// What a startup source reports: the latest known startup of a service, and whether the
/// source can be read right now.
public struct StartupUpdate: Hashable, Sendable {
    public var serviceID: String
    /// The latest known state; nil until the source has told anything. Kept while the source
    /// has a problem, so the operator still sees the last picture.
    public var report: StartupReport?
    /// Why the source could not be read; nil when it was read fine.
    public var problem: String?
    public var at: Date

    public init(serviceID: String, report: StartupReport?, problem: String?, at: Date) {
        self.serviceID = serviceID
        self.report = report
        self.problem = problem
        self.at = at
    }
}
