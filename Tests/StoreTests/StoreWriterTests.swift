import Foundation
import Monitoring
import Store
import XCTest

/// The writer: batching in the background, restoring, and carrying on when writes fail.
final class StoreWriterTests: XCTestCase {
    func testWritesAreFlushedInTheBackground() throws {
        let store = FailingStore(path: "/data/store.sqlite")
        let writer = StoreWriter(store: store, status: .file(store.path), options: .init(flushInterval: .milliseconds(20)))
        defer { writer.close() }
        writer.record(Fixture.result("api", .ok, at: 0))
        writer.append(Fixture.event("hello", at: 0))
        XCTAssertTrue(Fixture.eventually { store.writes == 2 }, "no flush within 3 s")
        XCTAssertEqual(try store.history(for: ["api"], now: Fixture.at(1))["api"]?.samples.count, 1)
    }

    func testAFullQueueIsFlushedWithoutWaitingForTheInterval() throws {
        let store = FailingStore(path: "/data/store.sqlite")
        let writer = StoreWriter(store: store, status: .file(store.path), options: .init(flushInterval: .seconds(3600), batchLimit: 10))
        defer { writer.close() }
        writer.record((0..<9).map { Fixture.result("api", .ok, at: Double($0)) })
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertEqual(store.writes, 0)
        writer.record(Fixture.result("api", .ok, at: 9))
        XCTAssertTrue(Fixture.eventually { store.writes == 1 })
        XCTAssertEqual(try store.history(for: ["api"], now: Fixture.at(10))["api"]?.samples.count, 10)
    }

    func testQueueingDoesNotWaitForASlowStore() throws {
        let store = FailingStore(path: "/data/store.sqlite")
        store.delay = 0.5
        let writer = StoreWriter(store: store, status: .file(store.path), options: .init(flushInterval: .milliseconds(10)))
        defer { writer.close() }
        writer.record(Fixture.result("api", .ok, at: 0))
        Thread.sleep(forTimeInterval: 0.1)  // the writer's thread is now inside the slow write
        let clock = ContinuousClock()
        let took = clock.measure {
            for i in 1..<1000 { writer.record(Fixture.result("api", .ok, at: Double(i))) }
        }
        XCTAssertLessThan(took, .milliseconds(200))
        writer.flush()
        XCTAssertEqual(try store.history(for: ["api"], now: Fixture.at(1000))["api"]?.samples.count, 120)
    }

    func testAFailingWriteSwitchesToMemoryAndLosesNothing() throws {
        let store = FailingStore(path: "/data/store.sqlite")
        let log = StatusLog()
        let writer = StoreWriter(store: store, status: .file(store.path), options: .init(flushInterval: .seconds(3600)), onStatus: log.callback)
        defer { writer.close() }
        writer.record((0..<10).map { Fixture.result("api", .ok, at: Double($0)) })
        writer.append(Fixture.event("before", at: 1))
        writer.save(BannerRecord(ruleID: "r", raisedAt: Fixture.at(1), lastHeldAt: Fixture.at(1)))
        writer.flush()
        XCTAssertEqual(store.writes, 3)
        XCTAssertEqual(log.all, [])

        store.failing = true
        writer.record((10..<15).map { Fixture.result("api", .fail, at: Double($0)) })
        writer.append(Fixture.event("during", at: 12))
        writer.save(BannerRecord(ruleID: "r", raisedAt: Fixture.at(1), lastHeldAt: Fixture.at(14)))
        writer.flush()
        let expected = StoreStatus(mode: .memory, path: store.path, sentence: "history kept in memory only: the disk holding /data/store.sqlite is full")
        XCTAssertEqual(writer.status, expected)
        XCTAssertEqual(log.all, [expected])

        writer.record(Fixture.result("api", .ok, at: 15))
        let restored = writer.restore(checkIDs: ["api"], now: Fixture.at(20))
        let api = try XCTUnwrap(restored.histories["api"])
        XCTAssertEqual(api.samples.map(\.at), (0..<16).map { Fixture.at(Double($0)) })
        XCTAssertEqual(api.minutes, [ServiceHistory.Minute(at: Fixture.t0, ok: 11, warn: 0, fail: 5)])
        XCTAssertEqual(api.lastStatus, .ok)
        XCTAssertEqual(api.since, Fixture.at(15))
        XCTAssertEqual(restored.timeline.map(\.sentence), ["before", "during"], "oldest first")
        XCTAssertEqual(restored.banners.map(\.lastHeldAt), [Fixture.at(14)])
        XCTAssertEqual(store.writes, 3, "nothing more reached the failed store")
        XCTAssertEqual(log.all.count, 1)
    }

    func testARealWriteFailureFallsBackToMemoryAndReleasesTheLock() throws {
        // A full disk, made real with the file-size limit: SQLite's next write past the
        // current end of its files fails (EFBIG), as it would with no space left.
        let path = Fixture.folder(self).appendingPathComponent("store.sqlite").path
        let log = StatusLog()
        let writer = StoreOpener.open(path: path, options: .init(flushInterval: .seconds(3600)), onStatus: log.callback)
        defer { writer.close() }
        XCTAssertEqual(writer.status.mode, .file)
        writer.record(Fixture.result("api", .ok, at: 0))
        writer.flush()
        XCTAssertThrowsError(try StoreLock(storePath: path))

        let sizes = [path, path + "-wal"].map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
        var saved = rlimit()
        getrlimit(Self.fileSizeLimit, &saved)
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        var limited = saved
        limited.rlim_cur = rlim_t(sizes.max()!)
        setrlimit(Self.fileSizeLimit, &limited)
        writer.record((0..<2000).map { Fixture.result("svc-\($0)", .fail, at: 1, reason: String(repeating: "x", count: 200)) })
        writer.flush()
        setrlimit(Self.fileSizeLimit, &saved)
        signal(SIGXFSZ, oldHandler)

        XCTAssertEqual(writer.status.mode, .memory)
        // SQLite reports EFBIG as an I/O error (ENOSPC would be "the disk holding … is full").
        XCTAssertTrue(writer.status.sentence.hasPrefix("history kept in memory only: writing \(path) failed: "), writer.status.sentence)
        XCTAssertEqual(log.all, [writer.status])
        let restored = writer.restore(checkIDs: ["api", "svc-1999"], now: Fixture.at(2))
        XCTAssertEqual(restored.histories["api"]?.samples.count, 1, "what the file held is kept")
        XCTAssertEqual(restored.histories["svc-1999"]?.lastStatus, .fail, "the failed batch is kept")
        XCTAssertNoThrow(try StoreLock(storePath: path), "the lock is released with the file")
    }

    #if canImport(Glibc)
    private static let fileSizeLimit = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
    #else
    private static let fileSizeLimit = RLIMIT_FSIZE
    #endif

    func testRestoreGivesTheTimelineOldestFirstWithinTheLimit() throws {
        let writer = StoreOpener.inMemory(because: "testing")
        defer { writer.close() }
        XCTAssertEqual(writer.status, StoreStatus(mode: .memory, path: nil, sentence: "history kept in memory only: testing"))
        writer.append((0..<5).map { Fixture.event("e\($0)", at: Double($0)) })
        writer.save(BannerRecord(ruleID: "old", raisedAt: Fixture.at(0), lastHeldAt: Fixture.at(0)))
        writer.save(BannerRecord(ruleID: "new", raisedAt: Fixture.at(3), lastHeldAt: Fixture.at(3)))
        let restored = writer.restore(checkIDs: [], now: Fixture.at(10), timelineLimit: 3)
        XCTAssertEqual(restored.timeline.map(\.sentence), ["e2", "e3", "e4"])
        XCTAssertEqual(restored.banners.map(\.ruleID), ["new", "old"])
        XCTAssertEqual(restored.histories, [:])
    }

    func testWritesAfterCloseAreDropped() throws {
        let store = FailingStore(path: "/data/store.sqlite")
        let writer = StoreWriter(store: store, status: .file(store.path))
        writer.record(Fixture.result("api", .ok, at: 0))
        writer.close()
        XCTAssertEqual(store.writes, 1, "close flushes")
        writer.record(Fixture.result("api", .ok, at: 1))
        writer.flush()
        XCTAssertEqual(store.writes, 1)
        writer.close()
    }
}
