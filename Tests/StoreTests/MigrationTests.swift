import Foundation
import GRDB
import Monitoring
import Store
import XCTest

/// Opening files of each schema: empty, the previous one (v1), a newer one, someone else's.
final class MigrationTests: XCTestCase {
    func testMigratesAnEmptyFileAndMakesMissingDirectories() throws {
        let folder = Fixture.folder(self)
        let empty = folder.appendingPathComponent("empty.sqlite").path
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        let nested = folder.appendingPathComponent("a/b/c/store.sqlite").path
        for path in [empty, nested] {
            let store = try SQLiteStore(path: path)
            try store.record([Fixture.result("api", .ok, at: 0)])
            XCTAssertEqual(try store.history(for: ["api"], now: Fixture.at(1))["api"]?.samples.count, 1)
            store.close()
            let queue = try DatabaseQueue(path: path)
            XCTAssertEqual(try queue.read { try SQLiteSchema.migrator.appliedMigrations($0) }, ["v1", "v2", "v3"])
            XCTAssertEqual(try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }, "wal")
            try queue.close()
        }
    }

    func testMigratesAV1FileKeepingItsData() throws {
        let path = Fixture.folder(self).appendingPathComponent("old.sqlite").path
        let eventID = UUID()
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO check_state VALUES ('api', 'fail', ?, 'HTTP 503 in 9 ms')", arguments: [Fixture.at(10).timeIntervalSince1970])
                for (seq, status, second, ms) in [(0, "ok", 0.0, 5.0), (1, "ok", 5, 6), (2, "fail", 10, 9)] {
                    try db.execute(sql: "INSERT INTO sample VALUES ('api', ?, ?, ?, ?, ?)",
                                   arguments: [seq % 120, seq, Fixture.at(second).timeIntervalSince1970, status, ms])
                }
                try db.execute(sql: "INSERT INTO sample VALUES ('db', 0, 0, ?, 'warn', NULL)", arguments: [Fixture.at(70).timeIntervalSince1970])
                try db.execute(sql: "INSERT INTO banner VALUES ('checkout-down', ?, ?, NULL)",
                               arguments: [Fixture.at(10).timeIntervalSince1970, Fixture.at(20).timeIntervalSince1970])
                try db.execute(sql: "INSERT INTO timeline_event VALUES (?, ?, 'service_down', 'api', 'api went down')",
                               arguments: [eventID.uuidString, Fixture.at(10).timeIntervalSince1970])
            }
            XCTAssertEqual(try queue.read { try SQLiteSchema.migrator.appliedMigrations($0) }, ["v1"])
            try queue.close()
        }

        let store = try SQLiteStore(path: path)
        let now = Fixture.at(80)
        let api = try XCTUnwrap(try store.history(for: ["api", "db"], now: now)["api"])
        XCTAssertEqual(api.samples.map(\.status), [.ok, .ok, .fail])
        XCTAssertEqual(api.samples.map(\.at), [Fixture.at(0), Fixture.at(5), Fixture.at(10)])
        XCTAssertEqual(api.samples.map(\.latencyMilliseconds), [5, 6, 9])
        XCTAssertEqual(api.lastStatus, .fail)
        XCTAssertEqual(api.since, Fixture.at(10))
        // v2 seeds the per-minute counts from the samples v1 kept.
        XCTAssertEqual(api.minutes, [ServiceHistory.Minute(at: Fixture.t0, ok: 2, warn: 0, fail: 1)])
        let db = try XCTUnwrap(try store.history(for: ["db"], now: now)["db"])
        XCTAssertEqual(db.samples.map(\.latencyMilliseconds), [nil])
        XCTAssertNil(db.lastStatus, "v1 had no state row for db")
        XCTAssertEqual(db.minutes, [ServiceHistory.Minute(at: Fixture.at(60), ok: 0, warn: 1, fail: 0)])
        XCTAssertEqual(try store.timeline(limit: 10).map(\.id), [eventID])
        XCTAssertEqual(try store.banners(), [BannerRecord(ruleID: "checkout-down", raisedAt: Fixture.at(10), lastHeldAt: Fixture.at(20))])

        // v2 features: acknowledgements, and recording on top of the migrated ring and minutes.
        try store.save(BannerRecord(ruleID: "checkout-down", raisedAt: Fixture.at(10), lastHeldAt: Fixture.at(30), acknowledgedBy: "ana", acknowledgedAt: Fixture.at(25)))
        XCTAssertEqual(try store.banners().first?.acknowledgedBy, "ana")
        try store.record([Fixture.result("api", .fail, at: 15), Fixture.result("api", .ok, at: 20)])
        let after = try XCTUnwrap(try store.history(for: ["api"], now: now)["api"])
        XCTAssertEqual(after.samples.count, 5)
        XCTAssertEqual(after.minutes, [ServiceHistory.Minute(at: Fixture.t0, ok: 3, warn: 0, fail: 2)])
        XCTAssertEqual(after.lastStatus, .ok)
        XCTAssertEqual(after.since, Fixture.at(20))
        store.close()
    }

    func testRefusesAFileFromANewerSchemaAndLeavesItAlone() throws {
        let path = Fixture.folder(self).appendingPathComponent("newer.sqlite").path
        do {
            let store = try SQLiteStore(path: path)
            try store.record([Fixture.result("api", .ok, at: 0)])
            store.close()
            let queue = try DatabaseQueue(path: path)
            try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v3-hourly-rollups')") }
            try queue.close()
        }
        let before = Fixture.bytes(path)
        XCTAssertThrowsError(try SQLiteStore(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .newerSchema(path: path, unknownMigrations: ["v3-hourly-rollups"]))
            XCTAssertEqual("\(error)", "\(path) was written by a newer warroom (schema v3-hourly-rollups) and this build cannot use it")
        }
        XCTAssertThrowsError(try SQLiteStore(path: path, readOnly: true))

        let writer = StoreOpener.open(path: path)
        XCTAssertEqual(writer.status.mode, .memory)
        XCTAssertEqual(writer.status.sentence, "history kept in memory only: \(path) was written by a newer warroom (schema v3-hourly-rollups) and this build cannot use it")
        writer.close()
        XCTAssertEqual(Fixture.bytes(path), before)
    }

    func testRefusesAnotherProgramsDatabaseAndLeavesItAlone() throws {
        let path = Fixture.folder(self).appendingPathComponent("notes.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { try $0.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')") }
            try queue.close()
        }
        let before = Fixture.bytes(path)
        XCTAssertThrowsError(try SQLiteStore(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .foreignDatabase(path: path))
        }
        XCTAssertEqual(Fixture.bytes(path), before, "the journal mode must not have been switched to WAL")
    }

    func testReadOnlyOpeningNeedsTheWholeSchema() throws {
        let path = Fixture.folder(self).appendingPathComponent("v1.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v1")
        try queue.close()
        XCTAssertThrowsError(try SQLiteStore(path: path, readOnly: true)) { error in
            XCTAssertEqual(error as? StoreError, .olderSchema(path: path))
        }
    }
}
