import Foundation
import Monitoring
import Store
import XCTest

/// One writer per store: a second console gets read-only, naming the first one's pid.
final class StoreLockTests: XCTestCase {
    func testASecondLockIsRefusedWithThePid() throws {
        let path = Fixture.folder(self).appendingPathComponent("store.sqlite").path
        var first: StoreLock? = try StoreLock(storePath: path)
        XCTAssertEqual(first?.path, path + ".lock")
        XCTAssertEqual(try String(contentsOfFile: path + ".lock", encoding: .utf8), "\(getpid())\n")
        XCTAssertThrowsError(try StoreLock(storePath: path)) { error in
            XCTAssertEqual(error as? StoreError, .inUse(pid: getpid()))
            XCTAssertEqual("\(error)", "another console (pid \(getpid())) writes this store")
        }
        first?.release()
        XCTAssertEqual(first?.isHeld, false)
        let second = try StoreLock(storePath: path)
        XCTAssertTrue(second.isHeld)
        second.release()
        // Released by deinit too.
        first = try StoreLock(storePath: path)
        first = nil
        XCTAssertNoThrow(try StoreLock(storePath: path))
    }

    func testALockFileLeftBehindIsNoObstacle() throws {
        // A crashed console leaves its lock file (and its pid) but not its flock.
        let path = Fixture.folder(self).appendingPathComponent("store.sqlite").path
        try "999999\n".write(toFile: path + ".lock", atomically: false, encoding: .utf8)
        let writer = StoreOpener.open(path: path)
        XCTAssertEqual(writer.status, .file(path))
        XCTAssertEqual(try String(contentsOfFile: path + ".lock", encoding: .utf8), "\(getpid())\n")
        writer.close()
    }

    func testTheSecondConsoleIsAReadOnlyViewerUntilTheFirstCloses() throws {
        let path = Fixture.folder(self).appendingPathComponent("store.sqlite").path
        let first = StoreOpener.open(path: path)
        XCTAssertEqual(first.status.mode, .file)
        XCTAssertEqual(first.status.sentence, "history kept in \(path)")
        first.record([Fixture.result("api", .ok, at: 0), Fixture.result("api", .fail, at: 5)])
        first.append(Fixture.event("api went down", at: 5))
        first.flush()

        let second = StoreOpener.open(path: path)
        XCTAssertEqual(second.status.mode, .readOnly)
        XCTAssertEqual(second.status.sentence, "read-only: another console (pid \(getpid())) writes this store")
        let seen = second.restore(checkIDs: ["api"], now: Fixture.at(10))
        XCTAssertEqual(seen.histories["api"]?.samples.count, 2)
        XCTAssertEqual(seen.histories["api"]?.since, Fixture.at(5))
        XCTAssertEqual(seen.timeline.map(\.sentence), ["api went down"])
        // The viewer's own writes stay in its memory; the file does not get them.
        second.record(Fixture.result("api", .ok, at: 6))
        second.append(Fixture.event("from the viewer", at: 6))
        second.flush()
        XCTAssertEqual(second.status.mode, .readOnly)
        // It keeps seeing what the first console writes.
        first.record(Fixture.result("api", .ok, at: 7))
        first.flush()
        XCTAssertEqual(second.restore(checkIDs: ["api"], now: Fixture.at(10)).histories["api"]?.samples.count, 3)
        let written = first.restore(checkIDs: ["api"], now: Fixture.at(10))
        XCTAssertEqual(written.histories["api"]?.samples.map(\.at), [Fixture.at(0), Fixture.at(5), Fixture.at(7)])
        XCTAssertEqual(written.timeline.map(\.sentence), ["api went down"])

        first.close()
        second.close()
        let third = StoreOpener.open(path: path)
        XCTAssertEqual(third.status, .file(path))
        XCTAssertEqual(third.restore(checkIDs: ["api"], now: Fixture.at(10)).histories["api"]?.samples.count, 3)
        third.close()
    }
}
