import Crypto
import Foundation
import Monitoring
import Testing
import TestSupport
@testable import Runner

/// Forging the audit trail, as an attacker who can write the log file but not read the key:
/// a correctly chained record added, the whole log re-chained after an edit, its end cut, an
/// output file swapped. Each must fail `prove()`.
@Suite struct AuditForgeryTests {
    /// Someone with their own key, who writes records that chain perfectly.
    static func forger(_ log: AuditLog) throws -> AuditLog {
        let key = TempFiles.folder("warroom-forger").appendingPathComponent("audit.key").path
        return AuditLog(path: log.path, seal: try AuditSeal.open(keyFile: key))
    }

    static func finished(_ started: AuditRecord, status: String = "ok") -> AuditRecord {
        started.finished(StepOutcome(status: status == "ok" ? .ok : .failed, exitCode: 0, startedAt: started.startedAt, endedAt: Date(),
                                     outputBytes: 0, sha256: String(repeating: "0", count: 64), outputPath: "", reason: "exit 0 in 0.1 s"))
    }

    @Test func aChainedFakeRecordIsNotSealed() throws {
        let log = try AuditLogTests.filled(3)
        let started = try #require(try log.records().last)
        // Appended with a hash and a place in the chain that are right, and a seal that is not.
        try Self.forger(log).append(Self.finished(started))
        let proof = try log.prove()
        guard case .broken(let line, let reason) = proof.chain.verification else {
            Issue.record("the forgery passed: \(proof.chain.verification)")
            return
        }
        #expect(line == 4 && reason.contains("not sealed with this audit key"), "\(reason)")
        #expect(proof.chain.intact.count == 3, "the forgery is not vouched for (and so never copied into the store)")
        // And a line with no seal at all.
        var lines = try AuditLogTests.lines(log)
        lines[3] = lines[3].replacingOccurrences(of: #","seal":"[0-9a-f]{64}""#, with: "", options: .regularExpression)
        try AuditLogTests.write(lines, to: log)
        let unsealed = try log.verify()
        #expect(unsealed.description.contains("line 4 is not sealed"), "\(unsealed)")
    }

    @Test func aReChainedEditedLogFailsAtItsFirstLine() throws {
        let log = try AuditLogTests.filled(3)
        var records = try log.records()
        records[1].step = "something-else"
        try FileManager.default.removeItem(atPath: log.path)
        let forger = try Self.forger(log)
        for r in records { try forger.append(r) }
        #expect(try forger.verify() == .intact(records: 3), "a valid chain, under the forger's own key")
        let verdict = try log.verify()
        #expect(verdict.description.hasPrefix("line 1 is not sealed"), "\(verdict)")
    }

    @Test func aCutEndShowsAgainstTheSealedHead() throws {
        let log = try AuditLogTests.filled(5)
        #expect(try log.prove().isProven)
        let lines = try AuditLogTests.lines(log)
        try AuditLogTests.write(Array(lines.prefix(3)) + [""], to: log)
        #expect(try log.verify() == .intact(records: 3), "the chain alone cannot see a cut end")
        let proof = try log.prove()
        #expect(proof.problems == ["the log ends at record 3, but record 5 was written: its end was cut"], "\(proof.problems)")
        // A head written by someone else does not hold either.
        try "3 \(try log.records()[2].hash) \(String(repeating: "a", count: 64))\n".write(toFile: Fixtures.seal.headFile(for: log.path), atomically: true, encoding: .utf8)
        #expect(try log.prove().problems.contains { $0.contains("was edited: its seal does not hold") })
        // Without the head file, the end cannot be shown uncut, and `prove` says so.
        try FileManager.default.removeItem(atPath: Fixtures.seal.headFile(for: log.path))
        #expect(try log.prove().unproven.contains { $0.contains("that its end was not cut cannot be shown") })
    }

    /// What a chain cannot show: a run finished that never started, a second start, time
    /// going back — even written with the key.
    @Test func runsAndTimesMustMakeSense() throws {
        let log = AuditLogTests.log()
        let a = try log.append(AuditLogTests.started(step: "a"))
        try log.append(Self.finished(AuditLogTests.started(step: "never-started")))
        #expect(try log.verify() == .broken(line: 2, reason: "line 2 is a finished record of a run that never started"))

        let twice = AuditLogTests.log()
        let first = try twice.append(AuditLogTests.started(step: "a"))
        try twice.append(Self.finished(first))
        try twice.append(Self.finished(first))
        #expect(try twice.verify() == .broken(line: 3, reason: "line 3 is a finished record of a run that had already ended"))

        // Time going back needs the key to write: the test writes such a line with it.
        let late = AuditLogTests.log()
        try late.append(AuditLogTests.started(step: "a"))
        var earlier = AuditLogTests.started(step: "b")
        earlier.at = Date().addingTimeInterval(-3600)
        var lines = try AuditLogTests.lines(late)
        let previous = try #require(try late.records().last)
        earlier.seq = 2
        earlier.prevHash = previous.hash
        earlier.hash = AuditLog.hash(of: earlier.json)
        earlier.seal = Fixtures.seal.seal(earlier.hash)
        lines.insert(earlier.line, at: lines.count - 1)
        try AuditLogTests.write(lines, to: late)
        #expect(try late.verify() == .broken(line: 2, reason: "line 2 is dated before line 1"))
        _ = a
    }

    @Test func aChangedOutputFileShows() throws {
        let folder = TempFiles.folder("warroom-audit")
        let log = Fixtures.log(folder.appendingPathComponent("audit.jsonl").path)
        let runner = StepRunner(audit: log, outputDirectory: folder.appendingPathComponent("runs").path, person: Fixtures.operatorAtConsole)
        let outcome = try runner.start(Fixtures.shell("echo evidence")).process.wait()
        while !runner.runs.isEmpty { usleep(10_000) }
        let proof = try log.prove()
        #expect(proof.isProven, "\(proof.problems) \(proof.unproven)")
        try "other evidence\n".write(toFile: outcome.outputPath, atomically: true, encoding: .utf8)
        #expect(try log.prove().problems.contains { $0.contains("was changed after the run") })
        try FileManager.default.removeItem(atPath: outcome.outputPath)
        #expect(try log.prove().unproven.contains { $0.contains("is gone") })
    }

    @Test func aKeyOthersCanReadIsRefused() throws {
        let path = TempFiles.folder("warroom-key").appendingPathComponent("audit.key").path
        _ = try AuditSeal.open(keyFile: path)
        #expect(chmod(path, 0o644) == 0)
        #expect(throws: AuditError.self) { try AuditSeal.open(keyFile: path) }
        do { _ = try AuditSeal.open(keyFile: path) } catch { #expect(error.reason.contains("may be read by others")) }
        #expect(chmod(path, 0o600) == 0)
        let key = try AuditSeal.open(keyFile: path)
        #expect(key.seal("x") == (try AuditSeal.open(keyFile: path)).seal("x"), "the key made once is kept")
        #expect(throws: AuditError.self) { try AuditSeal.open(keyFile: TempFiles.folder("warroom-key").appendingPathComponent("none").path, create: false) }
    }
}
