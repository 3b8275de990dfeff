import Foundation
import Monitoring
import Store
import XCTest

/// What `prune` drops and keeps, for both stores alike.
final class PruneTests: XCTestCase {
    func testPruneDropsOldMinutesTimelineAndClearedBanners() throws {
        let day = StoreRetention.day
        let now = Fixture.at(200 * day)
        for (name, store) in try Fixture.stores(self) {
            let old = now.timeIntervalSince(Fixture.t0) - 8 * day
            let recent = now.timeIntervalSince(Fixture.t0) - 3600
            try store.record([Fixture.result("api", .fail, at: old), Fixture.result("stale", .ok, at: old)])
            try store.record([Fixture.result("api", .ok, at: recent)])
            let oldEvent = Fixture.event("long ago", at: now.timeIntervalSince(Fixture.t0) - 100 * day)
            let newEvent = Fixture.event("yesterday", at: now.timeIntervalSince(Fixture.t0) - day)
            try store.append([oldEvent, newEvent])
            let longCleared = BannerRecord(ruleID: "a", raisedAt: Fixture.at(0), lastHeldAt: Fixture.at(10), clearedAt: Fixture.at(20))
            let recentlyCleared = BannerRecord(ruleID: "b", raisedAt: now.addingTimeInterval(-2 * day), lastHeldAt: now.addingTimeInterval(-2 * day), clearedAt: now.addingTimeInterval(-day))
            let stillActive = BannerRecord(ruleID: "c", raisedAt: Fixture.at(5), lastHeldAt: now)
            for b in [longCleared, recentlyCleared, stillActive] { try store.save(b) }

            // Outside the retention, history already leaves old minutes out.
            XCTAssertEqual(try store.history(for: ["api"], now: now)["api"]?.minutes.count, 1, name)
            try store.prune(now: now)

            let h = try store.history(for: ["api", "stale"], now: now)
            XCTAssertEqual(h["api"]?.minutes.map(\.at), [Fixture.at(recent)], name)
            XCTAssertEqual(h["api"]?.samples.map(\.at), [Fixture.at(recent)], "samples older than the rollups go too: \(name)")
            XCTAssertEqual(h["api"]?.since, Fixture.at(recent), name)
            XCTAssertEqual(h["stale"]?.samples, [], name)
            XCTAssertEqual(h["stale"]?.lastStatus, .ok, "the current state is kept: \(name)")
            XCTAssertEqual(try store.timeline(limit: 10), [newEvent], name)
            XCTAssertEqual(try store.banners(), [recentlyCleared, stillActive], name)
            // A minute is kept for 7 days, but given back only within the restore window.
            try store.prune(now: now.addingTimeInterval(7 * day - 7200))
            XCTAssertEqual(try store.history(for: ["api"], now: now)["api"]?.minutes.count, 1, name)
            XCTAssertEqual(try store.history(for: ["api"], now: now.addingTimeInterval(2 * day))["api"]?.minutes.count, 0, name)

            // Recording goes on after a prune.
            try store.record((0..<130).map { Fixture.result("api", .ok, at: recent + 1 + Double($0)) })
            XCTAssertEqual(try store.history(for: ["api"], now: now)["api"]?.samples.count, 120, name)
        }
    }

    func testDefaultRetention() {
        let r = StoreRetention()
        XCTAssertEqual(r.rollups, 7 * 86_400)
        XCTAssertEqual(r.timeline, 90 * 86_400)
        XCTAssertEqual(r.clearedBanners, 90 * 86_400)
    }
}
