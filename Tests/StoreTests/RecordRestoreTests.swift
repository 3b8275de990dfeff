import Foundation
import Monitoring
import Store
import XCTest

/// What `record` keeps and `history` gives back, for both stores alike.
final class RecordRestoreTests: XCTestCase {
    func testSamplesAreCappedAtTheNewest120() throws {
        for (name, store) in try Fixture.stores(self) {
            // 150 results over several batches, then one batch larger than the ring.
            for batch in 0..<3 {
                try store.record((0..<50).map { Fixture.result("api", .ok, at: Double(batch * 50 + $0), ms: Int64(batch * 50 + $0)) })
            }
            try store.record((150..<280).map { Fixture.result("web", $0 % 2 == 0 ? .ok : .fail, at: Double($0), ms: Int64($0)) })
            let h = try store.history(for: ["api", "web", "nobody"], now: Fixture.at(300))
            XCTAssertEqual(h["api"]?.samples.count, 120, name)
            XCTAssertEqual(h["api"]?.samples.first?.at, Fixture.at(30), name)
            XCTAssertEqual(h["api"]?.samples.last?.at, Fixture.at(149), name)
            XCTAssertEqual(h["api"]?.samples.map(\.latencyMilliseconds), (30..<150).map { Double($0) }, name)
            XCTAssertEqual(h["web"]?.samples.map(\.at), (160..<280).map { Fixture.at(Double($0)) }, name)
            XCTAssertNil(h["nobody"], name)
        }
    }

    func testSamplesKeepTheirRingAcrossReopening() throws {
        let path = Fixture.folder(self).appendingPathComponent("store.sqlite").path
        var store = try SQLiteStore(path: path)
        try store.record((0..<100).map { Fixture.result("api", .ok, at: Double($0)) })
        store.close()
        store = try SQLiteStore(path: path)
        try store.record((100..<130).map { Fixture.result("api", .warn, at: Double($0)) })
        let h = try XCTUnwrap(try store.history(for: ["api"], now: Fixture.at(200))["api"])
        XCTAssertEqual(h.samples.map(\.at), (10..<130).map { Fixture.at(Double($0)) })
        XCTAssertEqual(h.lastStatus, .warn)
        XCTAssertEqual(h.since, Fixture.at(100))
        store.close()
    }

    func testMinutesCountOkWarnAndFailPerMinute() throws {
        for (name, store) in try Fixture.stores(self) {
            try store.record([
                Fixture.result("api", .ok, at: 0), Fixture.result("api", .ok, at: 10), Fixture.result("api", .warn, at: 20),
                Fixture.result("api", .fail, at: 30), Fixture.result("api", .unknown, at: 35, ms: nil),
            ])
            // The same minute again in a later batch adds to its counts.
            try store.record([Fixture.result("api", .ok, at: 40), Fixture.result("api", .fail, at: 59.5), Fixture.result("api", .ok, at: 60)])
            let h = try XCTUnwrap(try store.history(for: ["api"], now: Fixture.at(90))["api"], name)
            XCTAssertEqual(h.minutes, [
                ServiceHistory.Minute(at: Fixture.t0, ok: 3, warn: 1, fail: 2),
                ServiceHistory.Minute(at: Fixture.at(60), ok: 1, warn: 0, fail: 0),
            ], name)
            XCTAssertEqual(h.samples.count, 8, "unknown results are sampled: \(name)")
            XCTAssertEqual(h.samples[4].status, .unknown, name)
            XCTAssertNil(h.samples[4].latencyMilliseconds, name)
        }
    }

    func testAvailabilityOverAnHourComesFromTheMinutes() throws {
        for (name, store) in try Fixture.stores(self) {
            // Two hours ago: all failing (outside the hour). Within the hour: 50 ok, 10 fail.
            try store.record((0..<30).map { Fixture.result("api", .fail, at: Double($0) * 60) })
            let hourStart = 7200.0
            try store.record((0..<60).map { Fixture.result("api", $0 < 50 ? .ok : .fail, at: hourStart + Double($0) * 60) })
            let now = Fixture.at(hourStart + 3600 - 1)
            let h = try XCTUnwrap(try store.history(for: ["api"], now: now)["api"], name)
            XCTAssertEqual(h.minutes.count, 90, name)
            XCTAssertEqual(try XCTUnwrap(h.availability(over: 3600, now: now), name), 50.0 / 60.0, accuracy: 1e-9, name)
            XCTAssertEqual(try XCTUnwrap(h.availability(over: 86_400, now: now), name), 50.0 / 90.0, accuracy: 1e-9, name)
        }
    }

    func testStatusAndSinceChangeOnlyWhenTheStatusChanges() throws {
        for (name, store) in try Fixture.stores(self) {
            func state() throws -> (CheckStatus?, Date?) {
                let h = try store.history(for: ["api"], now: Fixture.at(100))["api"]
                return (h?.lastStatus, h?.since)
            }
            try store.record([Fixture.result("api", .ok, at: 0), Fixture.result("api", .ok, at: 5)])
            XCTAssertTrue(try state() == (.ok, Fixture.at(0)), name)
            try store.record([Fixture.result("api", .ok, at: 10)])
            XCTAssertTrue(try state() == (.ok, Fixture.at(0)), "same status, same since: \(name)")
            try store.record([Fixture.result("api", .fail, at: 15), Fixture.result("api", .fail, at: 20)])
            XCTAssertTrue(try state() == (.fail, Fixture.at(15)), name)
            try store.record([Fixture.result("api", .fail, at: 25)])
            XCTAssertTrue(try state() == (.fail, Fixture.at(15)), name)
            // A flap within one batch: the last change wins.
            try store.record([Fixture.result("api", .ok, at: 30), Fixture.result("api", .fail, at: 35), Fixture.result("api", .fail, at: 40)])
            XCTAssertTrue(try state() == (.fail, Fixture.at(35)), name)
        }
    }

    func testChecksAreKeptApart() throws {
        for (name, store) in try Fixture.stores(self) {
            try store.record([Fixture.result("a", .ok, at: 0), Fixture.result("b", .fail, at: 1), Fixture.result("a", .ok, at: 2)])
            let h = try store.history(for: ["a", "b"], now: Fixture.at(10))
            XCTAssertEqual(h["a"]?.samples.count, 2, name)
            XCTAssertEqual(h["b"]?.samples.count, 1, name)
            XCTAssertEqual(h["b"]?.lastStatus, .fail, name)
            XCTAssertEqual(h["a"]?.minutes.first?.ok, 2, name)
            XCTAssertEqual(try store.history(for: ["b"], now: Fixture.at(10)).keys.sorted(), ["b"], name)
        }
    }
}
