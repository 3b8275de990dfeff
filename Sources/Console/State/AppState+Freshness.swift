import Foundation
import Monitoring

/// Whether what the console shows is fresh: checks that are late (no result when one was due,
/// or runs that fell behind their schedule), and whether results have stopped coming at all.
///
/// Contract: a service is late when no result has come for its interval plus its timeout plus
/// `AppState.lateSlack` since its last result (or since the console started), or when its last
/// run started more than `AppState.lateLag` after it was due or gave up earlier runs. The
/// console is stale when every service is late and no result has come for `staleAfter`.
extension AppState {
    /// Slack for a result to travel from probe to screen.
    public static let lateSlack: TimeInterval = 5
    /// A scheduled run this late counts as falling behind.
    public static let lateLag: TimeInterval = 1
    public static let staleAfter: TimeInterval = 60

    /// When the service at `i` counts as late for want of a result.
    func overdueAt(_ i: Int) -> Date {
        // Fields read in place: a service is a large value, and this runs for every service on
        // every turn of the loop.
        let check = services[i].config.check
        return (services[i].lastChecked ?? startedAt).addingTimeInterval(check.interval.value + check.timeout.value + AppState.lateSlack)
    }

    func isLate(_ i: Int) -> Bool {
        services[i].missed > 0 || services[i].lag.seconds > AppState.lateLag || now >= overdueAt(i)
    }

    /// How many checks are late now.
    public var lateCount: Int {
        var n = 0
        for i in services.indices where isLate(i) { n += 1 }
        return n
    }

    /// How long no result has come, when every check is late (`lateCount` of them are); nil
    /// while results come.
    func staleFor(lateCount: Int) -> TimeInterval? {
        guard !services.isEmpty, lateCount == services.count else { return nil }
        let quiet = now.timeIntervalSince(lastResultAt ?? startedAt)
        return quiet >= AppState.staleAfter ? quiet : nil
    }
}
