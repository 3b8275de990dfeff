import Foundation
import Monitoring
import Synchronization
import Testing
import TestSupport
@testable import Runner

/// The audit log's chain: appending, verifying, tampering, and runs left open.
@Suite struct AuditLogTests {
    static func log() -> AuditLog {
        Fixtures.log(TempFiles.folder("warroom-audit").appendingPathComponent("audit").appendingPathComponent("audit.jsonl").path)
    }

    static func started(step: String = "check", pid: Int32 = getpid(), host: String = "ops-1") -> AuditRecord {
        AuditRecord(
            seq: 0, kind: .started, runID: UUID(), at: Date(), operatorName: "maria", sshClient: "10.0.0.8", host: host,
            terminal: "/dev/pts/3", pid: pid, runbook: "staging-backend", step: step, argv: ["gcloud", "run", "•••"],
            params: ["token": "•••"], startedAt: Date(), outputPath: "runs/out.log"
        )
    }

    /// A log of `count` records.
    static func filled(_ count: Int) throws -> AuditLog {
        let log = log()
        for i in 0..<count { try log.append(started(step: "step-\(i + 1)")) }
        return log
    }

    static func lines(_ log: AuditLog) throws -> [String] {
        try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func write(_ lines: [String], to log: AuditLog) throws {
        try lines.joined(separator: "\n").write(toFile: log.path, atomically: true, encoding: .utf8)
    }

    @Test func recordsAreChainedAndIntact() throws {
        let log = try AuditLogTests.filled(3)
        let records = try log.records()
        #expect(records.map(\.seq) == [1, 2, 3])
        #expect(records[0].prevHash == AuditLog.firstPreviousHash)
        #expect(records[1].prevHash == records[0].hash)
        #expect(records[2].prevHash == records[1].hash)
        #expect(records.allSatisfy { $0.hash.count == 64 })
        #expect(try log.verify() == .intact(records: 3))
        #expect(try log.verify().description == "3 records, chain intact")
        #expect(try log.recent(limit: 2).map(\.step) == ["step-2", "step-3"])
        let attributes = try FileManager.default.attributesOfItem(atPath: log.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
    }

    @Test func aRecordReadsBackAsWritten() throws {
        let log = AuditLogTests.log()
        let written = try log.append(AuditLogTests.started().finished(StepOutcome(
            status: .regression, exitCode: 0, startedAt: Date(), endedAt: Date(), outputBytes: 42,
            sha256: String(repeating: "a", count: 64), outputPath: "runs/out.log", reason: "REGRESSION: output matched 'x' (line 1)"
        )))
        let read = try #require(try log.records().first)
        #expect(read.kind == .finished)
        #expect(read.runID == written.runID)
        #expect(read.status == "regression")
        #expect(read.exitCode == 0)
        #expect(read.signal == nil)
        #expect(read.outputBytes == 42)
        #expect(read.outputSHA256 == String(repeating: "a", count: 64))
        #expect(read.reason == "REGRESSION: output matched 'x' (line 1)")
        #expect(read.argv == ["gcloud", "run", "•••"])
        #expect(read.params == ["token": "•••"])
        #expect(read.sshClient == "10.0.0.8")
        #expect(read.hash == written.hash)
        #expect(abs(read.at.timeIntervalSince(written.at)) < 0.001)
    }

    @Test func anEditedRecordIsCaught() throws {
        let log = try AuditLogTests.filled(5)
        var lines = try AuditLogTests.lines(log)
        lines[2] = lines[2].replacingOccurrences(of: "\"step\":\"step-3\"", with: "\"step\":\"step-X\"")
        try AuditLogTests.write(lines, to: log)
        #expect(try log.verify() == .broken(line: 3, reason: "line 3 was edited: its hash does not match"))
    }

    @Test func aRewrittenButEquivalentLineIsCaught() throws {
        let log = try AuditLogTests.filled(3)
        var lines = try AuditLogTests.lines(log)
        lines[1] = lines[1].replacingOccurrences(of: "\"kind\":", with: "\"kind\": ")
        try AuditLogTests.write(lines, to: log)
        #expect(try log.verify() == .broken(line: 2, reason: "line 2 was edited: it is not written the way the log writes records"))
    }

    @Test func aDeletedRecordIsCaught() throws {
        let log = try AuditLogTests.filled(5)
        var lines = try AuditLogTests.lines(log)
        lines.remove(at: 2)
        try AuditLogTests.write(lines, to: log)
        #expect(try log.verify() == .broken(line: 3, reason: "line 3 does not follow line 2: a record was deleted or reordered"))
    }

    @Test func aDeletedFirstRecordIsCaught() throws {
        let log = try AuditLogTests.filled(3)
        try AuditLogTests.write(Array(try AuditLogTests.lines(log).dropFirst()), to: log)
        #expect(try log.verify() == .broken(line: 1, reason: "line 1 does not start the chain: a record before it was deleted"))
    }

    @Test func reorderedRecordsAreCaught() throws {
        let log = try AuditLogTests.filled(4)
        var lines = try AuditLogTests.lines(log)
        lines.swapAt(1, 2)
        try AuditLogTests.write(lines, to: log)
        #expect(try log.verify() == .broken(line: 2, reason: "line 2 does not follow line 1: a record was deleted or reordered"))
    }

    @Test func aLineThatIsNotARecordIsCaught() throws {
        let log = try AuditLogTests.filled(3)
        var lines = try AuditLogTests.lines(log)
        lines[1] = "{\"truncated\": "
        try AuditLogTests.write(lines, to: log)
        #expect(try log.verify() == .broken(line: 2, reason: "line 2 is not JSON"))
        lines[1] = "{\"seq\": 2}"
        try AuditLogTests.write(lines, to: log)
        #expect(try log.verify() == .broken(line: 2, reason: "line 2 is not an audit record: it has no hash"))
    }

    @Test func aMissingLogIsAnErrorNotAnEmptyChain() {
        let log = Fixtures.log("/no/such/audit.jsonl")
        #expect(throws: AuditError(path: "/no/such/audit.jsonl", reason: "there is no audit log here")) { try log.verify() }
    }

    @Test func aWriteCutShortIsReportedAndTheChainGoesOn() throws {
        let log = try AuditLogTests.filled(2)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"seq\":3,\"ki".utf8))
        try handle.close()
        let next = try log.append(AuditLogTests.started(step: "after"))
        #expect(next.seq == 3)
        #expect(try log.records().map(\.step) == ["step-1", "step-2", "after"])
        #expect(try log.verify() == .broken(line: 3, reason: "line 3 is not JSON"))
    }

    @Test func concurrentWritersKeepTheChainValid() throws {
        let path = AuditLogTests.log().path
        let writers = [Fixtures.log(path), Fixtures.log(path), Fixtures.log(path), Fixtures.log(path)]
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { w in
            for i in 0..<25 {
                do { try writers[w].append(AuditLogTests.started(step: "w\(w)-\(i)")) } catch { failures.withLock { $0 += 1 } }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        let verdict = try writers[0].verify()
        #expect(verdict == .intact(records: 100), "\(verdict)")
        #expect(try writers[0].records().map(\.seq) == Array(1...100))
    }

    @Test func theCanonicalFormIsExact() {
        let value = JSONValue.object(["b": .number(12), "a": .string("x\n\u{1}\t\"\\/é😀"), "c": .array([.bool(true), .null, .number(1.5)])])
        #expect(value.canonicalText == #"{"a":"x\n\u0001\t\"\\/é😀","b":12,"c":[true,null,1.5]}"#)
    }

    /// The documented hash rule, checked by another implementation: Python's json module.
    @Test func hashesCanBeCheckedWithoutWarroom() throws {
        let log = AuditLogTests.log()
        var odd = AuditLogTests.started(step: "é 😀 \"quoted\" \\ tab\t")
        odd.params = ["note": "line\nbreak \u{1}", "Zed": "z", "alpha": "a"]
        try log.append(odd)
        try log.append(AuditLogTests.started())
        let script = """
        import hashlib, json, sys
        for line in open(sys.argv[1], encoding="utf-8"):
            record = json.loads(line)
            claimed = record.pop("hash")
            record.pop("seal")
            text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            print("ok" if hashlib.sha256(text.encode("utf-8")).hexdigest() == claimed else "bad")
        """
        let outcome = Fixtures.run(Fixtures.invocation(["python3", "-c", script, log.path]))
        #expect(try String(contentsOfFile: outcome.outputPath, encoding: .utf8) == "ok\nok\n", "\(outcome.reason)")
    }

    @Test func runsWhoseConsoleDiedAreMarkedInterrupted() throws {
        let log = AuditLogTests.log()
        // A console that was killed mid-step: its process is gone.
        let dead = Fixtures.run(Fixtures.shell("echo $$"))
        let deadPID = try #require(Int32(try String(contentsOfFile: dead.outputPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let orphan = try log.append(AuditLogTests.started(step: "orphan", pid: deadPID))
        // A console still running elsewhere on this host.
        let alive = StepProcess.start(Fixtures.shell("sleep 30"), outputPath: Fixtures.outputPath())
        #expect(Fixtures.eventually { alive.processID != nil })
        try log.append(AuditLogTests.started(step: "running", pid: try #require(alive.processID)))
        // A run this process started through this log, still going.
        try log.append(AuditLogTests.started(step: "ours"))
        // A run that finished, and one on another host.
        let done = try log.append(AuditLogTests.started(step: "finished", pid: deadPID))
        try log.append(done.finished(StepOutcome(status: .ok, startedAt: Date(), endedAt: Date(), outputBytes: 0, sha256: "", outputPath: "", reason: "exit 0 in 0.1 s")))
        try log.append(AuditLogTests.started(step: "elsewhere", pid: deadPID, host: "ops-2"))

        let marked = try log.markInterrupted(host: "ops-1").interrupted
        #expect(marked.map(\.step) == ["orphan"])
        #expect(marked.first?.runID == orphan.runID)
        #expect(marked.first?.kind == .interrupted)
        #expect(marked.first?.status == "interrupted")
        #expect(marked.first?.reason == "interrupted: the process that ran it (pid \(deadPID)) ended before the step did")
        #expect(try log.markInterrupted(host: "ops-1").interrupted.isEmpty)
        #expect(try log.verify() == .intact(records: 7))

        alive.cancel()
        _ = alive.wait()
        #expect(try log.markInterrupted(host: "ops-1").interrupted.map(\.step) == ["running"])
        // A log opened afresh did not start "ours": to it, that run is an earlier console's with the same pid.
        #expect(try Fixtures.log(log.path).markInterrupted(host: "ops-1").interrupted.map(\.step) == ["ours"])
        #expect(try log.verify() == .intact(records: 9))
    }

    @Test func theOperatorComesFromTheEnvironment() {
        let ssh = AuditOperator.current(environment: ["USER": "maria", "SSH_CONNECTION": "10.0.0.8 51234 10.0.0.1 22", "TERM": "xterm-256color"], host: "ops-1", tty: "/dev/pts/3")
        #expect(ssh == AuditOperator(name: "maria", sshClient: "10.0.0.8", host: "ops-1", terminal: "/dev/pts/3"))
        let local = AuditOperator.current(environment: ["LOGNAME": "sam", "TERM": "xterm\u{1B}[31m"], host: "ops-1", tty: nil)
        #expect(local == AuditOperator(name: "sam", sshClient: nil, host: "ops-1", terminal: "xterm"))
        // Without USER or LOGNAME: the account's name, as everywhere else the operator is named.
        let bare = AuditOperator.current(environment: [:], host: "ops-1", tty: nil, account: "root")
        #expect(bare.name == "root")
        #expect(bare.terminal == "none")
        #expect(AuditOperator.current(environment: [:], host: "ops-1", tty: nil, account: nil).name == "uid \(getuid())")
        #expect(AuditOperator.current(environment: [:], host: "ops-1", tty: nil).name == AuditOperator.accountName())
    }
}
