import Foundation
import Monitoring
import Store
import XCTest

/// Files and directories that cannot be written: shown read-only, or memory, never thrown.
final class ReadOnlyFileTests: XCTestCase {
    private func makeStore(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("store.sqlite").path
        let store = try SQLiteStore(path: path)
        try store.record([Fixture.result("api", .fail, at: 0)])
        try store.append([Fixture.event("api went down", at: 0)])
        store.close()
        return path
    }

    func testAReadOnlyFileIsShownReadOnly() throws {
        let path = try makeStore(in: Fixture.folder(self))
        chmod(path, 0o444)
        try Fixture.requirePermissionsBind(Fixture.canWriteDespitePermissions(path))
        let before = Fixture.bytes(path)
        XCTAssertThrowsError(try SQLiteStore(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .readOnly(path: path, reason: "the file is read-only"))
        }
        let writer = StoreOpener.open(path: path)
        XCTAssertEqual(writer.status.mode, .readOnly)
        XCTAssertEqual(writer.status.sentence, "read-only: \(path) is not writable (the file is read-only); this console's results are kept in memory only")
        let restored = writer.restore(checkIDs: ["api"], now: Fixture.at(10))
        XCTAssertEqual(restored.histories["api"]?.lastStatus, .fail)
        XCTAssertEqual(restored.timeline.map(\.sentence), ["api went down"])
        writer.record(Fixture.result("api", .ok, at: 5))
        writer.flush()
        XCTAssertEqual(writer.status.mode, .readOnly)
        writer.close()
        XCTAssertEqual(Fixture.bytes(path), before)
    }

    func testAReadOnlyDirectoryIsNeverThrownAtTheCaller() throws {
        let folder = Fixture.folder(self)
        let path = try makeStore(in: folder)
        chmod(folder.path, 0o555)
        try Fixture.requirePermissionsBind(Fixture.canCreateDespitePermissions(in: folder))
        let before = Fixture.bytes(path)
        XCTAssertThrowsError(try SQLiteStore(path: path))
        let writer = StoreOpener.open(path: path)
        switch writer.status.mode {
        case .readOnly:
            XCTAssertTrue(writer.status.sentence.hasPrefix("read-only: \(path) is not writable"), writer.status.sentence)
            XCTAssertEqual(writer.restore(checkIDs: ["api"], now: Fixture.at(10)).histories["api"]?.lastStatus, .fail)
        case .memory:
            // SQLite cannot read a WAL file without creating its -shm file beside it.
            XCTAssertEqual(writer.status.sentence, "history kept in memory only: \(path) is not writable (cannot create its lock file: permission denied), "
                           + "nor can it be read: SQLite would have to create store.sqlite-shm beside it")
        case .file, .busy:
            XCTFail("opened a read-only directory for writing")
        }
        writer.record(Fixture.result("api", .ok, at: 5))
        writer.flush()
        writer.close()
        XCTAssertEqual(Fixture.bytes(path), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["store.sqlite"])
    }

    func testAFileMadeReadOnlyWhileOpenKeepsBeingWrittenUntilTheNextStart() throws {
        let path = Fixture.folder(self).appendingPathComponent("store.sqlite").path
        let writer = StoreOpener.open(path: path, options: .init(flushInterval: .seconds(3600)))
        defer { writer.close() }
        writer.record(Fixture.result("api", .ok, at: 0))
        writer.flush()
        chmod(path, 0o444)
        try Fixture.requirePermissionsBind(Fixture.canWriteDespitePermissions(path))
        // Permission bits are checked when a file is opened: SQLite holds it open, so this
        // console goes on writing it, audit copies included, and loses nothing.
        let audit = AuditEntry(seq: 1, runID: UUID(), kind: "started", at: Fixture.at(4), hash: "h1", line: #"{"hash":"h1","kind":"started","seq":1}"#)
        writer.record(Fixture.result("api", .fail, at: 5))
        writer.append(Fixture.event("api went down", at: 5))
        writer.keep([audit])
        writer.flush()
        XCTAssertEqual(writer.status, .file(path))
        writer.close()

        let next = StoreOpener.open(path: path)
        defer { next.close() }
        XCTAssertEqual(next.status.mode, .readOnly, "the next start cannot write it")
        let restored = next.restore(checkIDs: ["api"], now: Fixture.at(10))
        XCTAssertEqual(restored.histories["api"]?.lastStatus, .fail)
        XCTAssertEqual(restored.timeline.map(\.sentence), ["api went down"])
        let file = try SQLiteStore(path: path, readOnly: true)
        defer { file.close() }
        XCTAssertEqual(try file.auditEntries(limit: 10), [audit])
    }

    func testANewFileInAReadOnlyDirectoryMeansMemory() throws {
        let folder = Fixture.folder(self)
        chmod(folder.path, 0o555)
        try Fixture.requirePermissionsBind(Fixture.canCreateDespitePermissions(in: folder))
        let path = folder.appendingPathComponent("store.sqlite").path
        let writer = StoreOpener.open(path: path)
        XCTAssertEqual(writer.status.mode, .memory)
        XCTAssertEqual(writer.status.sentence, "history kept in memory only: \(path) is not writable (cannot create its lock file: permission denied)")
        writer.close()
    }
}
