import Foundation

/// What the monitor reports as it watches.
public enum MonitorEvent: Hashable, Sendable {
    /// One check finished.
    case check(CheckResult)
    /// A walk along the golden path began (so the screen can say it is running).
    case goldenPathStarted(Date)
    /// A walk along the golden path finished.
    case goldenPath(GoldenPathRun)
    /// A service's startup phases changed, or their source could not be read.
    case startup(StartupUpdate)
}
