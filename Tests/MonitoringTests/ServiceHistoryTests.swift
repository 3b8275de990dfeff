import Foundation
import Testing
@testable import Monitoring

/// The per-minute counts a console keeps for every check: a day of them in little memory,
/// availability exact over the last hour and close over a day.
@Suite struct ServiceHistoryTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000 - 1_795_000_000.truncatingRemainder(dividingBy: 300))

    /// A day and an hour of one result a minute, failing in minutes 100–159 and in the last
    /// ten.
    func day() -> (ServiceHistory, now: Date) {
        var h = ServiceHistory(checkID: "api")
        var now = start
        for minute in 0..<(25 * 60) {
            now = start.addingTimeInterval(Double(minute * 60) + 30)
            let failing = (100..<160).contains(minute) || minute >= 25 * 60 - 10
            h.count(failing ? .fail : .ok, at: now)
        }
        return (h, now)
    }

    @Test func aDayTakesAboutThreeHundredSeventyEntries() {
        let (h, _) = day()
        #expect(h.minutes.count <= ServiceHistory.windowEntries, "\(h.minutes.count) entries")
        #expect(h.minutes.count < 400, "\(h.minutes.count) entries")
        #expect(h.minutes.reduce(0) { $0 + $1.total } == 25 * 60, "no result is lost when minutes are counted in fives")
        #expect(zip(h.minutes, h.minutes.dropFirst()).allSatisfy { $0.end <= $1.at }, "entries stay in order and do not overlap")
    }

    @Test func availabilityIsExactOverTheLastHourAndCloseOverADay() throws {
        let (h, now) = day()
        // `now` is half a minute into the last minute: the minute the window starts in counts
        // whole, so an hour holds 61 results (10 failing) and 15 minutes hold 16.
        let hour = try #require(h.availability(over: 3600, now: now))
        #expect(abs(hour - 51.0 / 61.0) < 1e-9, "\(hour)")
        let fifteen = try #require(h.availability(over: 15 * 60, now: now))
        #expect(abs(fifteen - 6.0 / 16.0) < 1e-9, "\(fifteen)")
        // The last 24 h hold 1,440 results, 70 failing (minutes 100–159 fall inside it).
        let dayShare = try #require(h.availability(over: 86_400, now: now))
        #expect(abs(dayShare - (1440.0 - 70.0) / 1440.0) < 5.0 / 1440.0, "\(dayShare)")
    }

    @Test func olderThanTheWindowIsDropped() {
        var h = ServiceHistory(checkID: "api")
        h.count(.ok, at: start)
        h.count(.ok, at: start.addingTimeInterval(26 * 3600))
        h.settle(window: ServiceHistory.restoreWindow, now: start.addingTimeInterval(26 * 3600))
        #expect(h.minutes.count == 1)
        #expect(h.minutes.first?.at == start.addingTimeInterval(26 * 3600))
    }
}
