import Foundation
import GRDB
import Monitoring
@testable import Store
import Testing
import TestSupport

/// The writer under faults met on call: a full disk, a file another process has locked, a
/// store that stops taking writes mid-run. The console keeps going and loses nothing it
/// queued; audit copies the store could not take are reconciled from the audit file later.
///
/// Real where the fault can be made: a size-limited tmpfs (as root; CI must be able to mount
/// one), a second process in an exclusive transaction. A failing store stands in only where
/// it cannot: no mount without root, and no file system can be remounted read-only under the
/// files SQLite holds open.
@Suite(.serialized) struct StoreFaultTests {
    /// Checks that a burst queued during a fault writes results for.
    static let burstChecks = (1...300).map { "svc-\($0)" }

    /// Flushed only when the test says so.
    static let byHand = StoreWriter.Options(flushInterval: .seconds(3600))

    static func freshPath() -> String {
        TempFiles.folder("warroom-store").appendingPathComponent("store.sqlite").path
    }

    /// A copy of an audit record, as the console keeps one.
    static func auditEntry() -> AuditEntry {
        let runID = UUID()
        let hash = UUID().uuidString.lowercased()
        let line = #"{"hash":"\#(hash)","kind":"finished","run_id":"\#(runID.uuidString.lowercased())","runbook":"staging","seq":7,"step":"restart"}"#
        return AuditEntry(seq: 7, runID: runID, kind: "finished", at: Fixture.at(3), hash: hash, line: line)
    }

    /// What a console has written before the fault.
    static func writeBefore(_ writer: StoreWriter) {
        writer.record(Fixture.result("api", .ok, at: 0))
        writer.append(Fixture.event("before", at: 1))
        writer.flush()
    }

    /// What a console queues during the fault: 303 writes.
    static func queueBurst(_ writer: StoreWriter, audit: AuditEntry) {
        writer.record(burstChecks.map { Fixture.result($0, .fail, at: 2, reason: String(repeating: "x", count: 200)) })
        writer.append(Fixture.event("during", at: 3))
        writer.save(BannerRecord(ruleID: "chat-offline", raisedAt: Fixture.at(3), lastHeldAt: Fixture.at(3)))
        writer.keep([audit])
    }

    /// The writer still answers with what it had and with the whole burst.
    static func expectEverythingKept(_ writer: StoreWriter) {
        let restored = writer.restore(checkIDs: ["api"] + burstChecks, now: Fixture.at(10))
        #expect(restored.histories["api"]?.samples.count == 1, "what the file held before the fault")
        #expect(burstChecks.filter { restored.histories[$0]?.lastStatus != .fail } == [], "results queued during the fault")
        #expect(restored.timeline.map(\.sentence) == ["before", "during"])
        #expect(restored.banners.map(\.ruleID) == ["chat-offline"])
    }

    /// A store that stops taking writes: the writer falls back to memory with `sentence`,
    /// keeps everything, keeps going; on the next start with the fault gone the audit copy
    /// kept only in memory is reconciled from the audit file.
    static func fallsBackAndReconciles(open: () -> StoreWriter, fault: () throws -> Void, heal: () throws -> Void,
                                       path: String, sentence: String, log: StatusLog) throws {
        let writer = open()
        defer { writer.close() }
        #expect(writer.status == .file(path))
        writeBefore(writer)
        try fault()
        let audit = auditEntry()
        queueBurst(writer, audit: audit)
        writer.flush()
        let expected = StoreStatus(mode: .memory, path: path, sentence: sentence)
        #expect(writer.status == expected)
        #expect(log.all == [expected])
        expectEverythingKept(writer)
        // The console goes on, in memory.
        writer.record(Fixture.result("api", .fail, at: 5))
        #expect(writer.restore(checkIDs: ["api"], now: Fixture.at(10)).histories["api"]?.lastStatus == .fail)
        writer.close()

        try heal()
        let next = open()
        defer { next.close() }
        #expect(next.status == .file(path))
        let restored = next.restore(checkIDs: ["api"], now: Fixture.at(10))
        #expect(restored.histories["api"]?.samples.count == 1, "the file is as it was before the fault")
        #expect(next.reconcile(audit: [audit])?.missingFromStore == [audit], "the copy the store never got is imported")
        #expect(next.reconcile(audit: [audit]) == AuditCrossCheck(file: [audit], store: [audit]))
    }

    @Test func aFullDiskFallsBackToMemoryAndLosesNothing() throws {
        let log = StatusLog()
        if let disk = try ScratchDisk.mount(bytes: 1 << 20) {
            defer { disk.unmount() }
            let path = disk.path("store.sqlite")
            try Self.fallsBackAndReconciles(
                open: { StoreOpener.open(path: path, options: Self.byHand, onStatus: log.callback) },
                fault: { try disk.fill(); #expect(disk.available == 0) }, heal: disk.free,
                path: path, sentence: "history kept in memory only: the disk holding \(path) is full", log: log)
        } else {
            let path = "/data/store.sqlite"
            let store = FailingStore(path: path)
            try Self.fallsBackAndReconciles(
                open: { StoreWriter(store: store, status: .file(path), options: Self.byHand, onStatus: log.callback) },
                fault: { store.failing = true }, heal: { store.failing = false },
                path: path, sentence: "history kept in memory only: the disk holding \(path) is full", log: log)
        }
    }

    @Test func aStoreThatTurnsReadOnlyMidRunFallsBackToMemoryAndLosesNothing() throws {
        // A file system turned read-only under open files (a kernel does it to one it finds
        // errors on) cannot be made on demand: remounting refuses while SQLite holds files.
        let path = "/data/store.sqlite"
        let store = FailingStore(path: path, error: .readOnly(path: path, reason: "its file system is mounted read-only"))
        let log = StatusLog()
        try Self.fallsBackAndReconciles(
            open: { StoreWriter(store: store, status: .file(path), options: Self.byHand, onStatus: log.callback) },
            fault: { store.failing = true }, heal: { store.failing = false },
            path: path, sentence: "history kept in memory only: \(path) is not writable (its file system is mounted read-only)", log: log)
    }

    @Test func aStoreOnAFileSystemMountedReadOnlyIsShownReadOnly() throws {
        guard let disk = try ScratchDisk.mount(bytes: 1 << 20) else {
            // ReadOnlyFileTests covers files and folders made read-only, as an unprivileged user.
            try Test.cancel("mounting needs root")
        }
        defer { disk.unmount() }
        let path = disk.path("store.sqlite")
        let first = StoreOpener.open(path: path, options: Self.byHand)
        Self.writeBefore(first)
        first.close()
        try disk.remount(readOnly: true)
        let writer = StoreOpener.open(path: path, options: Self.byHand)
        defer { writer.close() }
        #expect(writer.status.mode != .file)
        #expect(writer.status.sentence.contains("\(path) is not writable (its file system is mounted read-only)"), "\(writer.status)")
        writer.record(Fixture.result("api", .fail, at: 5))
        writer.flush()
        #expect(writer.restore(checkIDs: ["api"], now: Fixture.at(10)).histories["api"] != nil)
        #expect(writer.status.mode != .file)
    }

    @Test func anIOErrorOnAFullOrReadOnlyFileSystemSaysSo() throws {
        // SQLite reports some of these (a failed sync, a shared-memory file that cannot grow,
        // a write after the kernel remounted the disk read-only) only as I/O errors; the
        // error is made here, the file system it is explained by is real.
        guard let disk = try ScratchDisk.mount(bytes: 256 << 10) else { try Test.cancel("mounting needs root") }
        defer { disk.unmount() }
        let path = disk.path("store.sqlite")
        let ioError = DatabaseError(resultCode: .SQLITE_IOERR, message: "disk I/O error")
        #expect(StoreError.from(ioError, path: path) == .failed(path: path, reason: "disk I/O error"))
        try disk.fill()
        #expect(StoreError.from(ioError, path: path) == .diskFull(path: path))
        disk.free()
        try disk.remount(readOnly: true)
        #expect(StoreError.from(ioError, path: path) == .readOnly(path: path, reason: "its file system is mounted read-only"))
        #expect(StoreError.from(DatabaseError(resultCode: .SQLITE_READONLY), path: path) == .readOnly(path: path, reason: "its file system is mounted read-only"))
    }

    @Test func aLockedFileMakesWritesWaitUntilItIsReleased() throws {
        let path = Self.freshPath()
        let log = StatusLog()
        let writer = StoreOpener.open(path: path, options: .init(flushInterval: .milliseconds(50)), onStatus: log.callback)
        defer { writer.close() }
        Self.writeBefore(writer)
        let holder = try SQLiteLockHolder(path)
        defer { holder.release() }

        let audit = Self.auditEntry()
        Self.queueBurst(writer, audit: audit)
        #expect(Fixture.eventually { writer.status == .busy(path, waiting: 303) }, "\(writer.status)")
        #expect(writer.status.sentence == "store busy: \(path) is locked by another process; 303 writes waiting")
        // The console only queues, and queueing never waits for the lock.
        let took = ContinuousClock().measure {
            for i in 0..<1000 { writer.record(Fixture.result("api", .ok, at: 4 + Double(i) / 1000)) }
        }
        #expect(took < .milliseconds(100))
        #expect(Fixture.eventually { writer.status == .busy(path, waiting: 1303) }, "\(writer.status)")
        // Reading is not held up either.
        #expect(writer.restore(checkIDs: ["api"], now: Fixture.at(10)).histories["api"]?.samples.count == 1)

        holder.release()
        #expect(Fixture.eventually { writer.status == .file(path) }, "\(writer.status)")
        #expect(log.all.first?.mode == .busy)
        #expect(log.all.last == .file(path))
        #expect(!log.all.contains { $0.mode == .memory })
        writer.close()

        let file = try SQLiteStore(path: path, readOnly: true)
        defer { file.close() }
        let kept = try file.history(for: ["api"] + Self.burstChecks, now: Fixture.at(10))
        #expect(kept["api"]?.samples.count == 120, "the newest 120 of 1,001 results")
        #expect(kept["api"]?.minutes.map(\.ok) == [1001])
        #expect(Self.burstChecks.filter { kept[$0]?.lastStatus != .fail } == [])
        #expect(try file.timeline(limit: 10).map(\.sentence) == ["during", "before"])
        #expect(try file.banners().map(\.ruleID) == ["chat-offline"])
        #expect(try file.auditEntries(limit: 10) == [audit])
    }

    @Test func aLockHeldTooLongFallsBackToMemoryAndSaysWhy() throws {
        let path = Self.freshPath()
        let log = StatusLog()
        let writer = StoreOpener.open(path: path, options: .init(flushInterval: .milliseconds(50), busyLimit: .milliseconds(600)), onStatus: log.callback)
        defer { writer.close() }
        Self.writeBefore(writer)
        let holder = try SQLiteLockHolder(path)
        defer { holder.release() }
        Self.queueBurst(writer, audit: Self.auditEntry())
        #expect(Fixture.eventually { writer.status.mode == .memory }, "\(writer.status)")
        let sentence = writer.status.sentence
        #expect(sentence.contains(try Regex(#"^history kept in memory only: \#(NSRegularExpression.escapedPattern(for: path)) stayed locked by another process for 0\.\d s$"#)), "\(sentence)")
        #expect(log.all.first?.mode == .busy)
        #expect(log.all.last == writer.status)
        Self.expectEverythingKept(writer)
        // The file was let go: another console can take it.
        #expect(throws: Never.self) { _ = try StoreLock(storePath: path) }
    }

    @Test func tooManyWritesWaitingForALockFallBackToMemory() throws {
        let path = Self.freshPath()
        let writer = StoreOpener.open(path: path, options: .init(flushInterval: .seconds(3600), waitingLimit: 100))
        defer { writer.close() }
        Self.writeBefore(writer)
        let holder = try SQLiteLockHolder(path)
        defer { holder.release() }
        Self.queueBurst(writer, audit: Self.auditEntry())
        writer.flush()
        #expect(writer.status.sentence == "history kept in memory only: \(path) is locked by another process and more than 100 writes were waiting")
        Self.expectEverythingKept(writer)
    }

    @Test func closingWaitsBrieflyForALockToGo() throws {
        let path = Self.freshPath()
        let writer = StoreOpener.open(path: path, options: .init(flushInterval: .seconds(3600), closeWait: .seconds(3)))
        Self.writeBefore(writer)
        let holder = try SQLiteLockHolder(path)
        Self.queueBurst(writer, audit: Self.auditEntry())
        writer.flush()
        #expect(writer.status == .busy(path, waiting: 303))
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { holder.release() }
        let took = ContinuousClock().measure { writer.close() }
        #expect(took < .seconds(2))
        #expect(writer.status == .file(path))
        let file = try SQLiteStore(path: path, readOnly: true)
        defer { file.close() }
        #expect(try file.timeline(limit: 10).map(\.sentence) == ["during", "before"])
    }

    @Test func aLockThatOutlastsClosingIsSaid() throws {
        let path = Self.freshPath()
        let writer = StoreOpener.open(path: path, options: .init(flushInterval: .seconds(3600), closeWait: .milliseconds(300)))
        Self.writeBefore(writer)
        let holder = try SQLiteLockHolder(path)
        defer { holder.release() }
        Self.queueBurst(writer, audit: Self.auditEntry())
        let took = ContinuousClock().measure { writer.close() }
        #expect(took < .seconds(2))
        #expect(writer.status.sentence == "history kept in memory only: \(path) was still locked by another process when the console closed")
    }
}
