import Console
import Foundation
import Monitoring

/// A simulated day of results for every service of a state, fed through the console's own
/// `Update.update`, on a fake clock that ends at `end`.
///
/// Cadence: one result per check per simulated minute for the first 1,438 minutes, then one
/// per check per second for the last 120 s. That leaves what a day at one result a second
/// leaves in memory: a minute of counts for every minute of the day (the counts are larger
/// in a real day, the rows the same), a full ring of 120 one-second samples, and the newest
/// 500 timeline events. Service i fails when i % 17 == 3, and is degraded in every other
/// ten-minute block when i % 50 == 0 (which keeps the timeline busy); the rest are ok.
enum DayOfResults {
    static let minutes = 1440
    static let lastSeconds = 120

    /// Feeds the day into `state`, with a tick every simulated minute; hands every result
    /// to `record` as well, and calls `minuteDone` after each simulated minute. Returns the
    /// number of results fed.
    @discardableResult
    static func feed(into state: inout AppState, end: Date, record: ([CheckResult]) -> Void = { _ in }, minuteDone: () -> Void = {}) -> Int {
        let ids = state.services.map(\.id)
        let start = end.addingTimeInterval(-Double(minutes * 60))
        var fed = 0
        func deliver(_ at: Date, second: Int) {
            let batch = ids.indices.map { result(ids[$0], index: $0, at: at, second: second) }
            for r in batch { _ = Update.update(&state, .monitor(.check(r))) }
            record(batch)
            fed += batch.count
        }
        let firstSecond = (minutes - lastSeconds / 60) * 60
        for minute in 0..<(firstSecond / 60) {
            let at = start.addingTimeInterval(Double(minute * 60))
            deliver(at, second: minute * 60)
            _ = Update.update(&state, .tick(at))
            minuteDone()
        }
        for second in firstSecond..<(minutes * 60) {
            let at = start.addingTimeInterval(Double(second))
            deliver(at, second: second)
            if second % 60 == 59 {
                _ = Update.update(&state, .tick(at))
                minuteDone()
            }
        }
        _ = Update.update(&state, .tick(end))
        return fed
    }

    static func result(_ id: String, index i: Int, at: Date, second: Int) -> CheckResult {
        let ms = Int64(1 + (i * 31 + second * 7) % 9)
        let outcome: ProbeOutcome
        if i % 17 == 3 {
            outcome = ProbeOutcome(status: .fail, latency: .milliseconds(ms), code: 503, reason: "HTTP 503 in \(ms) ms · upstream unavailable",
                                   detail: "{\"status\":\"unhealthy\",\"detail\":\"upstream unavailable\"}")
        } else if i % 50 == 0 && (second / 600) % 2 == 1 {
            outcome = ProbeOutcome(status: .warn, latency: .milliseconds(ms + 400), code: 200, reason: "HTTP 200 in \(ms + 400) ms (slow: over 250ms)",
                                   detail: "{\"status\":\"healthy\"}")
        } else {
            outcome = ProbeOutcome(status: .ok, latency: .milliseconds(ms), code: 200, reason: "HTTP 200 in \(ms) ms", detail: "{\"status\":\"healthy\"}")
        }
        return CheckResult(checkID: id, outcome: outcome, startedAt: at, finishedAt: at)
    }
}
