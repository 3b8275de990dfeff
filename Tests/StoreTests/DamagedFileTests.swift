import Foundation
import Monitoring
import Store
import XCTest

/// Files that cannot be a store: the opener falls back to memory, says why, and leaves them.
final class DamagedFileTests: XCTestCase {
    func testAFileThatIsNotADatabaseFallsBackToMemoryUntouched() throws {
        let folder = Fixture.folder(self)
        let path = folder.appendingPathComponent("store.sqlite").path
        var garbage = Data("this is a text file, not SQLite\n".utf8)
        garbage.append(Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))
        try garbage.write(to: URL(fileURLWithPath: path))

        XCTAssertThrowsError(try SQLiteStore(path: path)) { XCTAssertEqual($0 as? StoreError, .notADatabase(path: path)) }
        let writer = StoreOpener.open(path: path)
        XCTAssertEqual(writer.status.mode, .memory)
        XCTAssertEqual(writer.status.sentence, "history kept in memory only: \(path) is not a database")
        // The console keeps working, in memory.
        writer.record(Fixture.result("api", .ok, at: 0))
        XCTAssertEqual(writer.restore(checkIDs: ["api"], now: Fixture.at(1)).histories["api"]?.samples.count, 1)
        writer.close()

        XCTAssertEqual(Fixture.bytes(path), garbage)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertFalse(left.contains("store.sqlite-wal") || left.contains("store.sqlite-shm"), "\(left)")
    }

    func testAShortFileIsNotADatabase() throws {
        let path = Fixture.folder(self).appendingPathComponent("store.sqlite").path
        try Data("SQLite".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try SQLiteStore(path: path)) { XCTAssertEqual($0 as? StoreError, .notADatabase(path: path)) }
        XCTAssertEqual(Fixture.bytes(path), Data("SQLite".utf8))
    }

    func testADamagedDatabaseFallsBackToMemoryUntouched() throws {
        let path = Fixture.folder(self).appendingPathComponent("store.sqlite").path
        let store = try SQLiteStore(path: path)
        try store.record([Fixture.result("api", .ok, at: 0)])
        store.close()
        // Keep SQLite's header, scribble over the rest of the first pages.
        var bytes = try XCTUnwrap(Fixture.bytes(path))
        for i in 100..<min(bytes.count, 12_288) { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
        try bytes.write(to: URL(fileURLWithPath: path))

        let writer = StoreOpener.open(path: path)
        XCTAssertEqual(writer.status.mode, .memory)
        XCTAssertTrue(writer.status.sentence.hasPrefix("history kept in memory only: \(path) is "), writer.status.sentence)
        XCTAssertTrue(writer.status.sentence.contains("not a database") || writer.status.sentence.contains("corrupted"), writer.status.sentence)
        writer.close()
        XCTAssertEqual(Fixture.bytes(path), bytes)
    }

    func testADirectoryInTheWay() throws {
        let path = Fixture.folder(self).appendingPathComponent("store.sqlite").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let writer = StoreOpener.open(path: path)
        XCTAssertEqual(writer.status.mode, .memory)
        XCTAssertEqual(writer.status.sentence, "history kept in memory only: \(path): it is a directory")
        writer.close()
    }

    func testADirectoryThatCannotBeCreated() throws {
        let folder = Fixture.folder(self)
        let blocker = folder.appendingPathComponent("state")
        try Data("a file".utf8).write(to: blocker)
        let path = blocker.appendingPathComponent("warroom/store.sqlite").path
        XCTAssertThrowsError(try SQLiteStore(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .cannotCreateDirectory(path: blocker.path, reason: "a file is in the way"))
        }
        let writer = StoreOpener.open(path: path)
        XCTAssertEqual(writer.status.mode, .memory)
        XCTAssertEqual(writer.status.sentence, "history kept in memory only: cannot create the directory \(blocker.path): a file is in the way")
        writer.close()
    }
}
