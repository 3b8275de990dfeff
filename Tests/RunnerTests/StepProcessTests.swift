import Foundation
import Monitoring
import Synchronization
import Testing
import TestSupport
@testable import Runner

/// Steps running as real processes: verdicts, output, timeouts and cancelling.
@Suite struct StepProcessTests {
    @Test func okWithTheExitCodeAndTime() throws {
        let outcome = Fixtures.run(Fixtures.shell("echo 'state: RUNNABLE'", expect: StepExpectation(outputMatches: LogPattern("state: RUNNABLE"))))
        #expect(outcome.status == .ok)
        #expect(outcome.exitCode == 0)
        #expect(outcome.signal == nil)
        #expect(outcome.reason.hasPrefix("exit 0 in "))
        #expect(outcome.reason.hasSuffix(" s"))
        #expect(outcome.outputBytes == 16)
        #expect(try String(contentsOfFile: outcome.outputPath, encoding: .utf8) == "state: RUNNABLE\n")
        #expect(outcome.endedAt >= outcome.startedAt)
    }

    @Test func outputMatchingTheForbiddenPatternIsARegression() {
        let expect = StepExpectation(outputNotMatches: LogPattern(#"timeout: 20\.0"#), onMismatch: .regression)
        let outcome = Fixtures.run(Fixtures.shell("echo 'connect_timeout: 5.0'; echo '  timeout: 20.0'; echo done", expect: expect))
        #expect(outcome.status == .regression)
        #expect(outcome.reason == #"REGRESSION: output matched 'timeout: 20\.0' (line 2)"#)
        #expect(Fixtures.run(Fixtures.shell("echo '  timeout: 10.0'", expect: expect)).status == .ok)
    }

    @Test func aMissingLineFailsTheStep() {
        let outcome = Fixtures.run(Fixtures.shell("echo 'state: STOPPED'", expect: StepExpectation(outputMatches: LogPattern("state: RUNNABLE"))))
        #expect(outcome.status == .failed)
        #expect(outcome.reason == "FAILED: no line matched 'state: RUNNABLE'")
    }

    @Test func patternsSeeStandardErrorAndIgnoreColours() {
        let expect = StepExpectation(outputMatches: LogPattern("^connections: 12$"))
        #expect(Fixtures.run(Fixtures.shell(#"printf 'connections: \033[1m12\033[0m\n' >&2"#, expect: expect)).status == .ok)
    }

    @Test func anUnexpectedExitCodeFailsUnlessListed() {
        let outcome = Fixtures.run(Fixtures.shell("exit 3"))
        #expect(outcome.status == .failed)
        #expect(outcome.exitCode == 3)
        #expect(outcome.reason.hasPrefix("FAILED: exit 3 (expected 0) in "))
        #expect(Fixtures.run(Fixtures.shell("exit 3", expect: StepExpectation(exitCodes: [0, 3]))).status == .ok)
        let diff = Fixtures.run(Fixtures.shell("exit 1", expect: StepExpectation(exitCodes: [0, 2], onMismatch: .regression)))
        #expect(diff.status == .regression)
        #expect(diff.reason.hasPrefix("REGRESSION: exit 1 (expected 0 or 2) in "))
    }

    @Test func deathBySignalFails() {
        let outcome = Fixtures.run(Fixtures.shell("kill -USR1 $$"))
        #expect(outcome.status == .failed)
        #expect(outcome.signal == SIGUSR1)
        #expect(outcome.exitCode == nil)
        #expect(outcome.reason.hasPrefix("FAILED: killed by SIGUSR1 after "))
    }

    @Test func aMissingProgramOrFolderCannotStart() {
        let missing = Fixtures.run(Fixtures.invocation(["warroom-no-such-command", "x"]))
        #expect(missing.status == .couldNotStart("command not found: warroom-no-such-command"))
        #expect(missing.reason == "command not found: warroom-no-such-command")
        #expect(missing.outputBytes == 0)
        #expect(missing.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let folder = Fixtures.run(Fixtures.invocation(["true"], workingDirectory: "/no/such/folder"))
        #expect(folder.status == .couldNotStart("no such directory: /no/such/folder"))
        let file = StepProcess.start(Fixtures.invocation(["true"]), outputPath: "/no/such/folder/out.log").wait()
        #expect(file.reason.hasPrefix("cannot create the output file /no/such/folder/out.log: "))
    }

    @Test func folderEnvironmentAndAQuietStandardInput() throws {
        let folder = TempFiles.folder("warroom-cwd").resolvingSymlinksInPath().path
        let outcome = Fixtures.run(Fixtures.invocation(["/bin/sh", "-c", "pwd; echo \"$GREETING\"; cat"], workingDirectory: folder, environment: ["GREETING": "hello world"]))
        #expect(outcome.status == .ok)
        #expect(try String(contentsOfFile: outcome.outputPath, encoding: .utf8) == "\(folder)\nhello world\n")
    }

    @Test func aRelativeProgramIsTakenFromTheFolder() throws {
        let folder = TempFiles.folder("warroom-cwd")
        let script = folder.appendingPathComponent("check.sh").path
        try "#!/bin/sh\necho checked\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let outcome = Fixtures.run(Fixtures.invocation(["./check.sh"], workingDirectory: folder.path))
        #expect(outcome.status == .ok, "\(outcome.reason)")
        #expect(try String(contentsOfFile: outcome.outputPath, encoding: .utf8) == "checked\n")
    }

    @Test func escapeSequencesAreStrippedForThePaneAndKeptInTheFile() throws {
        let line = #"printf '\033[31mred\033[0m \033]0;evil title\007done\n\033[2Jcleared\nhalf\rwhole\n'; printf 'oops\n' >&2"#
        let run = StepProcess.start(Fixtures.shell(line), outputPath: Fixtures.outputPath())
        let outcome = run.wait()
        #expect(outcome.status == .ok)
        #expect(run.tail == [OutputLine("red done"), OutputLine("cleared"), OutputLine("whole"), OutputLine("oops", stream: .standardError)])
        let raw = try Data(contentsOf: URL(fileURLWithPath: outcome.outputPath))
        #expect(raw == Data("\u{1B}[31mred\u{1B}[0m \u{1B}]0;evil title\u{07}done\n\u{1B}[2Jcleared\nhalf\rwhole\noops\n".utf8))
    }

    @Test func aLastLineWithoutANewlineIsShown() {
        let run = StepProcess.start(Fixtures.shell("echo first; sleep 0.3; printf last"), outputPath: Fixtures.outputPath())
        #expect(run.wait().outputBytes == 10)
        #expect(run.tail == [OutputLine("first"), OutputLine("last")])
    }

    @Test func secretsAreHiddenInThePane() throws {
        var invocation = Fixtures.shell("echo token=s3cr3t-value")
        invocation.redactor = SecretRedactor(["s3cr3t-value"])
        let run = StepProcess.start(invocation, outputPath: Fixtures.outputPath())
        let outcome = run.wait()
        #expect(run.tail == [OutputLine("token=•••")])
        #expect(try String(contentsOfFile: outcome.outputPath, encoding: .utf8) == "token=s3cr3t-value\n")
    }

    /// A shell that ignores SIGTERM, with a child that inherits that, holding the output open.
    static let stubborn = #"trap '' TERM; sleep 300 & echo started; wait; wait"#

    @Test func aTimeoutKillsAProcessTreeThatIgnoresSigterm() throws {
        let start = ContinuousClock.now
        let run = StepProcess.start(Fixtures.shell(StepProcessTests.stubborn, timeout: Seconds(1)), outputPath: Fixtures.outputPath(), grace: .milliseconds(500))
        let outcome = run.wait()
        let elapsed = ContinuousClock.now - start
        #expect(outcome.status == .timedOut)
        #expect(outcome.reason == "timed out after 1.0 s; process group killed")
        #expect(outcome.signal == SIGKILL)
        #expect(elapsed >= .seconds(1.5) && elapsed < .seconds(5), "took \(elapsed)")
        let group = try #require(run.processID)
        #expect(ProcessTable.livingMembers(of: group).isEmpty)
        #expect(run.tail == [OutputLine("started")])
    }

    @Test func cancelKillsTheTreeAndIsSafeToRepeat() throws {
        let run = StepProcess.start(Fixtures.shell(StepProcessTests.stubborn, timeout: Seconds(60)), outputPath: Fixtures.outputPath(), grace: .milliseconds(300))
        #expect(Fixtures.eventually { run.tail == [OutputLine("started")] })
        let group = try #require(run.processID)
        #expect(ProcessTable.livingMembers(of: group).count == 2)
        run.cancel()
        run.cancel()
        let outcome = run.wait()
        #expect(outcome.status == .cancelled)
        #expect(outcome.reason.hasPrefix("cancelled after "))
        #expect(outcome.reason.hasSuffix(" s; process group killed"))
        #expect(ProcessTable.livingMembers(of: group).isEmpty)
        run.cancel()
        #expect(run.wait() == outcome)
        #expect(run.isFinished)
    }

    @Test func aPoliteProcessStopsWithoutWaitingForTheGrace() {
        let start = ContinuousClock.now
        let run = StepProcess.start(Fixtures.shell("sleep 300"), outputPath: Fixtures.outputPath(), grace: .seconds(30))
        #expect(Fixtures.eventually { run.processID != nil })
        run.cancel()
        let outcome = run.wait()
        #expect(outcome.status == .cancelled)
        #expect(outcome.signal == SIGTERM)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func aChildHoldingTheOutputKeepsTheRunGoingUntilTheTimeout() throws {
        let run = StepProcess.start(Fixtures.shell("sleep 300 & echo left behind", timeout: Seconds(1)), outputPath: Fixtures.outputPath(), grace: .milliseconds(200))
        let outcome = run.wait()
        #expect(outcome.status == .timedOut)
        #expect(outcome.exitCode == 0)
        #expect(ProcessTable.livingMembers(of: try #require(run.processID)).isEmpty)
    }

    @Test func theAsyncOutcomeMatchesTheBlockingOne() async {
        let run = StepProcess.start(Fixtures.shell("echo hi"), outputPath: Fixtures.outputPath())
        let outcome = await run.outcome
        #expect(outcome == run.wait())
        #expect(await run.outcome == outcome)
    }

    @Test func fiftyMegabytesStayOnDiskNotInMemory() throws {
        let lines = 524_288
        let reports = Mutex(Reports())
        let start = ContinuousClock.now
        let baseline = StepProcessTests.residentBytes()
        let run = StepProcess.start(Fixtures.shell(#"yes "$(printf 'x%.0s' $(seq 99))" | head -c 52428800"#, timeout: Seconds(120)), outputPath: Fixtures.outputPath()) { progress in
            reports.withLock { r in
                r.count += 1
                r.lines += progress.newLines.count + progress.skippedLines
                r.largest = max(r.largest, progress.newLines.count)
                r.peak = max(r.peak, StepProcessTests.residentBytes())
                r.bytes = progress.outputBytes
            }
        }
        let outcome = run.wait()
        let elapsed = (ContinuousClock.now - start).seconds
        let seen = reports.withLock { $0 }
        #expect(outcome.status == .ok, "\(outcome.reason)")
        #expect(outcome.outputBytes == 52_428_800)
        #expect(try FileManager.default.attributesOfItem(atPath: outcome.outputPath)[.size] as? Int == 52_428_800)
        #expect(outcome.sha256 == "11cdfd56d35e98d18a851c6b41ae11dccd30fe67835271b85a6b4ba170a89f98")
        #expect(seen.lines == lines)
        #expect(seen.bytes == 52_428_800)
        #expect(seen.largest <= StepProcess.tailLimit)
        #expect(Double(seen.count) <= elapsed * 10 + 2, "\(seen.count) reports in \(elapsed) s")
        #expect(run.tail.count == StepProcess.tailLimit)
        #expect(run.tail.last == OutputLine(String(repeating: "x", count: 99)))
        #expect(seen.peak - baseline < 40 << 20, "resident memory grew by \((seen.peak - baseline) >> 20) MB")
    }

    struct Reports {
        var count = 0
        var lines = 0
        var largest = 0
        var bytes = 0
        var peak = 0
    }

    /// This process's resident memory, from /proc.
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
        return kb << 10
    }

    @Test func aVeryLongLineIsCutForThePaneButWholeInTheFile() throws {
        let run = StepProcess.start(Fixtures.shell("head -c 200000 /dev/zero | tr '\\0' y; echo; echo next"), outputPath: Fixtures.outputPath())
        let outcome = run.wait()
        #expect(outcome.outputBytes == 200_006)
        #expect(run.tail.count == 2)
        #expect(run.tail[0].text.count == OutputLine.longest)
        #expect(run.tail[0].text.hasSuffix("…"))
        #expect(run.tail[1] == OutputLine("next"))
    }
}
