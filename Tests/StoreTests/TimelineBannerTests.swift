import Foundation
import Monitoring
import Store
import XCTest

/// The timeline and the banner records, for both stores alike.
final class TimelineBannerTests: XCTestCase {
    func testTimelineDedupesByIDAndGivesTheNewestFirst() throws {
        for (name, store) in try Fixture.stores(self) {
            let events = (0..<5).map { Fixture.event("event \($0)", at: Double($0) * 10) }
            try store.append(Array(events[0..<3]))
            try store.append(Array(events[2..<5]))
            // An event already kept is not replaced by a later one with the same id.
            try store.append([Fixture.event("changed", at: 100, id: events[1].id)])
            XCTAssertEqual(try store.timeline(limit: 3), [events[4], events[3], events[2]], name)
            XCTAssertEqual(try store.timeline(limit: 100), events.reversed(), name)
            XCTAssertEqual(try store.timeline(limit: 0), [], name)
        }
    }

    func testTimelineEventsAtTheSameInstantKeepTheirOrder() throws {
        for (name, store) in try Fixture.stores(self) {
            let first = Fixture.event("first", at: 5)
            let second = Fixture.event("second", at: 5)
            try store.append([first, second])
            XCTAssertEqual(try store.timeline(limit: 2), [second, first], name)
        }
    }

    func testBannerSaveReplaceAcknowledgeAndClear() throws {
        for (name, store) in try Fixture.stores(self) {
            var banner = BannerRecord(ruleID: "checkout-down", raisedAt: Fixture.at(0), lastHeldAt: Fixture.at(0))
            try store.save(banner)
            XCTAssertEqual(try store.banners(), [banner], name)
            banner.lastHeldAt = Fixture.at(30)
            try store.save(banner)
            banner.acknowledgedBy = "ana"
            banner.acknowledgedAt = Fixture.at(40)
            try store.save(banner)
            XCTAssertEqual(try store.banners(), [banner], "replaced, not added: \(name)")
            banner.clearedAt = Fixture.at(90)
            try store.save(banner)
            let again = BannerRecord(ruleID: "checkout-down", raisedAt: Fixture.at(200), lastHeldAt: Fixture.at(210))
            let other = BannerRecord(ruleID: "login-slow", raisedAt: Fixture.at(100), lastHeldAt: Fixture.at(100))
            try store.save(other)
            try store.save(again)
            let kept = try store.banners()
            XCTAssertEqual(kept, [again, other, banner], "newest raised first: \(name)")
            XCTAssertFalse(kept[2].isActive, name)
            XCTAssertEqual(kept[2].acknowledgedBy, "ana", name)
            XCTAssertEqual(kept[2].clearedAt, Fixture.at(90), name)
        }
    }
}

/// Copies of audit records: kept once by hash, newest first, in both stores.
final class AuditEntryTests: XCTestCase {
    func testAuditEntriesAreKeptOnceAndComeBackNewestFirst() throws {
        for (name, store) in try Fixture.stores(self) {
            let run = UUID()
            let started = AuditEntry(seq: 1, runID: run, kind: "started", at: Fixture.at(10), hash: "a1", line: #"{"kind":"started"}"#)
            let finished = AuditEntry(seq: 2, runID: run, kind: "finished", at: Fixture.at(12), hash: "b2", line: #"{"kind":"finished"}"#)
            try store.keep([started])
            try store.keep([started, finished])
            XCTAssertEqual(try store.auditEntries(limit: 10), [finished, started], name)
            XCTAssertEqual(try store.auditEntries(limit: 1), [finished], name)
        }
    }
}
