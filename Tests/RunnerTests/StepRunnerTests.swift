import Foundation
import Monitoring
import Synchronization
import Testing
import TestSupport
@testable import Runner

/// Runs recorded in the audit log from start to end.
@Suite struct StepRunnerTests {
    /// The records the runner reported writing.
    final class Written: Sendable {
        let records = Mutex<[AuditRecord]>([])
    }

    final class Harness: Sendable {
        let folder = TempFiles.folder("warroom-steps")
        let written = Written()
        let runner: StepRunner

        init() {
            let audit = Fixtures.log(folder.appendingPathComponent("audit.jsonl").path)
            let written = self.written
            runner = StepRunner(audit: audit, outputDirectory: folder.appendingPathComponent("runs").path, person: Fixtures.operatorAtConsole, grace: .milliseconds(300)) { result in
                if case .written(let record) = result { written.records.withLock { $0.append(record) } }
            }
        }

        /// Runs `invocation` to its end; returns the outcome and the run's two records.
        func run(_ invocation: StepInvocation) throws -> (StepOutcome, [AuditRecord]) {
            let (runID, process) = try runner.start(invocation)
            let outcome = process.wait()
            return (outcome, try runner.audit.records().filter { $0.runID == runID })
        }
    }

    @Test func aSuccessIsRecordedBeforeAndAfter() throws {
        let h = Harness()
        let step = RunbookStep(id: "describe", command: .argv(["printf", "%s\\n", "{service}", "{token}"]), parameters: [
            RunbookParameter(name: "service"), RunbookParameter(name: "token", secret: true),
        ])
        let invocation = try StepInvocation.resolve(step: step, runbook: Runbook(id: "staging-backend", steps: [step]), values: ["service": "backend-staging", "token": "s3cr3t-t0ken"], redactor: .none)
        let (outcome, records) = try h.run(invocation)
        #expect(outcome.status == .ok)
        #expect(records.map(\.kind) == [.started, .launched, .finished])
        let (started, launched, finished) = (records[0], records[1], records[2])
        #expect(launched.processGroup != nil && launched.processGroup != getpid() && launched.processStart != nil)
        #expect(started.operatorName == "maria")
        #expect(started.sshClient == "10.0.0.8")
        #expect(started.host == "ops-1")
        #expect(started.terminal == "/dev/pts/3")
        #expect(started.pid == getpid())
        #expect(started.runbook == "staging-backend")
        #expect(started.step == "describe")
        #expect(started.argv == ["printf", "%s\\n", "backend-staging", "•••"])
        #expect(started.params == ["service": "backend-staging", "token": "•••"])
        #expect(started.outputPath == outcome.outputPath)
        #expect(started.endedAt == nil && started.status == nil)
        #expect(finished.status == "ok")
        #expect(finished.exitCode == 0)
        #expect(finished.outputBytes == outcome.outputBytes)
        #expect(finished.outputSHA256 == outcome.sha256)
        #expect(finished.reason == outcome.reason)
        #expect(finished.endedAt != nil)
        #expect(outcome.outputPath.hasPrefix(h.folder.appendingPathComponent("runs").path + "/"))
        #expect(outcome.outputPath.hasSuffix("-staging-backend-describe-\(started.runID.uuidString.prefix(8).lowercased()).log"))
        #expect(try String(contentsOfFile: outcome.outputPath, encoding: .utf8) == "backend-staging\ns3cr3t-t0ken\n")
        #expect(!(try String(contentsOfFile: h.runner.audit.path, encoding: .utf8)).contains("s3cr3t-t0ken"))
        #expect(h.written.records.withLock { $0 }.map(\.kind) == [.started, .launched, .finished])
        #expect(try h.runner.audit.verify() == .intact(records: 3))
        #expect(h.runner.runs.isEmpty)
    }

    @Test func aFailureATimeoutAndACannotStartAreRecorded() throws {
        let h = Harness()
        let (_, failed) = try h.run(Fixtures.shell("echo broken >&2; exit 3"))
        #expect(failed.last?.status == "failed")
        #expect(failed.last?.exitCode == 3)
        let (_, timedOut) = try h.run(Fixtures.shell("sleep 30", timeout: Seconds(0.5)))
        #expect(timedOut.last?.status == "timed-out")
        #expect(timedOut.last?.signal == SIGTERM)
        #expect(timedOut.last?.reason == "timed out after 0.5 s; process group killed")
        let (_, missing) = try h.run(Fixtures.invocation(["warroom-no-such-command"]))
        #expect(missing.map(\.kind) == [.started, .finished])
        #expect(missing.last?.status == "could-not-start")
        #expect(missing.last?.reason == "command not found: warroom-no-such-command")
        // A step that could not start was never launched.
        #expect(try h.runner.audit.verify() == .intact(records: 8))
    }

    @Test func aCancelIsRecorded() throws {
        let h = Harness()
        let (runID, process) = try h.runner.start(Fixtures.shell("sleep 30"))
        #expect(h.runner.runs[runID] != nil)
        #expect(Fixtures.eventually { process.processID != nil })
        h.runner.cancel(runID)
        let outcome = process.wait()
        #expect(outcome.status == .cancelled)
        let records = try h.runner.audit.records()
        #expect(records.map(\.kind) == [.started, .launched, .finished])
        #expect(records.last?.status == "cancelled")
        #expect(h.runner.runs.isEmpty)
    }

    @Test func quittingStopsEveryRunAndRecordsIt() async throws {
        let h = Harness()
        let first = try h.runner.start(Fixtures.shell(StepProcessTests.stubborn))
        let second = try h.runner.start(Fixtures.shell("sleep 30"))
        #expect(Fixtures.eventually { first.process.tail == [OutputLine("started")] && second.process.processID != nil })
        let start = ContinuousClock.now
        await h.runner.stopAll(grace: .milliseconds(200))
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(h.runner.runs.isEmpty)
        for run in [first, second] {
            #expect(run.process.isFinished)
            #expect(ProcessTable.livingMembers(of: try #require(run.process.processID)).isEmpty)
        }
        let statuses = try h.runner.audit.records().filter { $0.kind == .finished }.map(\.status)
        #expect(statuses == ["cancelled", "cancelled"])
    }

    @Test func aRunIsRefusedWhenTheAuditLogCannotRecordIt() throws {
        let folder = TempFiles.folder("warroom-steps")
        let blocker = folder.appendingPathComponent("not-a-folder").path
        try "file".write(toFile: blocker, atomically: true, encoding: .utf8)
        let runner = StepRunner(audit: Fixtures.log(blocker + "/audit.jsonl"), outputDirectory: folder.path, person: Fixtures.operatorAtConsole)
        #expect(throws: AuditError.self) { try runner.start(Fixtures.shell("touch \(folder.path)/ran")) }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ran").path))
        #expect(runner.runs.isEmpty)
    }
}
