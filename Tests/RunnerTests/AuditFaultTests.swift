import Foundation
import Monitoring
import Synchronization
import Testing
import TestSupport
@testable import Runner

/// The audit log when its file cannot be written: a step whose `started` record cannot be
/// written does not run; a `finished` record that cannot be written is held, retried, and
/// lands in its place in the chain; nothing is ever half-written.
///
/// The faults are real: as root, the log lives on a small tmpfs that is filled, or remounted
/// read-only (CI must be able to mount it); as another user, the log is made read-only with
/// chmod, which binds for them.
@Suite(.serialized) struct AuditFaultTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case diskFull, readOnly
        var testDescription: String { rawValue }
    }

    /// The audit log, where a fault can be made to it, and what appending then says.
    final class Fault: Sendable {
        let log: AuditLog
        let reason: String
        private let make: @Sendable () throws -> Void
        private let undo: @Sendable () throws -> Void
        private let disk: ScratchDisk?

        init(log: AuditLog, reason: String, disk: ScratchDisk?, make: @escaping @Sendable () throws -> Void, undo: @escaping @Sendable () throws -> Void) {
            self.log = log
            self.reason = reason
            self.disk = disk
            self.make = make
            self.undo = undo
        }

        func start() throws { try make() }
        func end() throws { try undo() }
        /// Undoes the fault and unmounts the disk.
        func cleanUp() {
            try? undo()
            disk?.unmount()
        }

        static func of(_ kind: Kind) throws -> Fault {
            if let disk = try ScratchDisk.mount(bytes: 256 << 10) {
                let log = Fixtures.log(disk.path("audit.jsonl"))
                switch kind {
                case .diskFull:
                    return Fault(log: log, reason: "cannot write it: no space left on device", disk: disk, make: disk.fill, undo: disk.free)
                case .readOnly:
                    return Fault(log: log, reason: "cannot open it: read-only file system", disk: disk,
                                 make: { try disk.remount(readOnly: true) }, undo: { try disk.remount(readOnly: false) })
                }
            }
            guard getuid() != 0 else { try Test.cancel("root without a tmpfs has no way to make the audit log unwritable") }
            let log = Fixtures.log(TempFiles.folder("warroom-audit").appendingPathComponent("audit.jsonl").path)
            return Fault(log: log, reason: "cannot open it: permission denied", disk: nil,
                         make: { chmod(log.path, 0o400) }, undo: { chmod(log.path, 0o600) })
        }
    }

    /// What the runner reported, in order.
    final class Reports: Sendable {
        private let writes = Mutex<[AuditWrite]>([])
        var all: [AuditWrite] { writes.withLock { $0 } }
        var callback: @Sendable (AuditWrite) -> Void { { [self] w in writes.withLock { $0.append(w) } } }
    }

    /// A shell line that makes records of over a page each (the argv is recorded), so a
    /// record never fits in what is left of the file's last page on a full disk.
    static func long(_ line: String) -> StepInvocation {
        Fixtures.shell(line + " # " + String(repeating: "x", count: 5000))
    }

    static func runner(_ fault: Fault, retryInterval: Duration, reports: Reports) -> StepRunner {
        StepRunner(audit: fault.log, outputDirectory: TempFiles.folder("warroom-runs").path, person: Fixtures.operatorAtConsole,
                   grace: .milliseconds(300), retryInterval: retryInterval, audited: reports.callback)
    }

    @Test(arguments: Kind.allCases)
    func aStartedRecordThatCannotBeWrittenRunsNothing(_ kind: Kind) throws {
        let fault = try Fault.of(kind)
        defer { fault.cleanUp() }
        let runner = Self.runner(fault, retryInterval: .seconds(3600), reports: Reports())
        #expect(try runner.start(Self.long("true")).process.wait().status == .ok)
        let before = try #require(FileManager.default.contents(atPath: fault.log.path))

        try fault.start()
        let marker = TempFiles.folder("warroom-steps").appendingPathComponent("ran").path
        #expect(throws: AuditError(path: fault.log.path, reason: fault.reason)) { try runner.start(Self.long("touch \(marker)")) }
        #expect(!FileManager.default.fileExists(atPath: marker), "the step ran without its record")
        #expect(runner.runs.isEmpty)
        try fault.end()
        #expect(FileManager.default.contents(atPath: fault.log.path) == before, "nothing was left half-written")
        #expect(try fault.log.verify() == .intact(records: 3))
    }

    @Test(arguments: Kind.allCases)
    func aFinishedRecordIsHeldUntilTheLogCanTakeIt(_ kind: Kind) throws {
        let fault = try Fault.of(kind)
        defer { fault.cleanUp() }
        let reports = Reports()
        let runner = Self.runner(fault, retryInterval: .milliseconds(200), reports: reports)
        let gate = TempFiles.folder("warroom-steps").appendingPathComponent("gate").path
        let (runID, process) = try runner.start(Self.long("while [ ! -e \(gate) ]; do sleep 0.05; done"))
        #expect(Fixtures.eventually { (try? fault.log.records().count) == 2 }, "the launched record")
        let launched = try #require(try fault.log.records().last)

        try fault.start()
        #expect(FileManager.default.createFile(atPath: gate, contents: Data()))
        #expect(process.wait().status == .ok, "the step's own outcome is not the log's business")
        guard case .held(let held, let error)? = reports.all.last else {
            Issue.record("no record held")
            return
        }
        #expect(error == AuditError(path: fault.log.path, reason: fault.reason))
        #expect(held.kind == .finished && held.runID == runID && held.status == "ok")
        #expect(held.seq == 3 && held.prevHash == launched.hash, "named by the place it will take")
        #expect(runner.writeHeld().held.map(\.hash) == [held.hash], "still held while the fault lasts")
        #expect(throws: AuditError.self) { try runner.start(Self.long("true")) }
        #expect(try fault.log.records().map(\.kind) == [.started, .launched])

        try fault.end()
        #expect(Fixtures.eventually { reports.all.last == .written(held) }, "not retried")
        #expect(try fault.log.records().map(\.kind) == [.started, .launched, .finished])
        #expect(try fault.log.verify() == .intact(records: 3))
        #expect(runner.writeHeld().held.isEmpty)
    }

    @Test func heldRecordsAreWrittenBeforeTheNextRecord() throws {
        let fault = try Fault.of(.diskFull)
        defer { fault.cleanUp() }
        let reports = Reports()
        let runner = Self.runner(fault, retryInterval: .seconds(3600), reports: reports)
        let gate = TempFiles.folder("warroom-steps").appendingPathComponent("gate").path
        let first = try runner.start(Self.long("while [ ! -e \(gate) ]; do sleep 0.05; done"))
        #expect(Fixtures.eventually { (try? fault.log.records().count) == 2 }, "the launched record")
        try fault.start()
        #expect(FileManager.default.createFile(atPath: gate, contents: Data()))
        _ = first.process.wait()
        let (still, reason) = runner.writeHeld()
        #expect(still.map(\.runID) == [first.runID])
        #expect(reason == AuditError(path: fault.log.path, reason: fault.reason))

        try fault.end()
        let second = try runner.start(Self.long("true"))
        _ = second.process.wait()
        let records = try fault.log.records()
        #expect(records.map(\.runID) == [first.runID, first.runID, first.runID, second.runID, second.runID, second.runID])
        #expect(records.map(\.kind) == [.started, .launched, .finished, .started, .launched, .finished])
        #expect(try fault.log.verify() == .intact(records: 6))
        let written = reports.all.compactMap { write -> AuditRecord? in
            if case .written(let record) = write { return record }
            return nil
        }
        #expect(written.map(\.hash) == records.map(\.hash), "every record written was reported once, in order")
    }

    @Test func theChainKeepsTheRecordsBeforeABreak() throws {
        let log = try AuditLogTests.filled(5)
        #expect(try log.chain() == AuditChain(intact: try log.records(), verification: .intact(records: 5), unverifiedLines: 0))
        var lines = try AuditLogTests.lines(log)
        lines[2] = lines[2].replacingOccurrences(of: "\"step\":\"step-3\"", with: "\"step\":\"step-X\"")
        try AuditLogTests.write(lines, to: log)
        let chain = try log.chain()
        #expect(chain.intact.map(\.step) == ["step-1", "step-2"])
        #expect(chain.verification == .broken(line: 3, reason: "line 3 was edited: its hash does not match"))
        #expect(chain.unverifiedLines == 3)
    }
}
