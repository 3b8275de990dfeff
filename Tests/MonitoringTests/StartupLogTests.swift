import Foundation
import Testing
@testable import Monitoring

/// Log rules replaying recordings of the simulated staging's backend log.
@Suite struct StartupLogTests {
    static func time(_ text: String) -> Date? { ISOTime.parse(text) }

    static func spec(_ format: StartupLogSpec.Format, phases: [String] = StartupRecordings.phases,
                     rules: [StartupLogRule]? = nil) throws -> StartupLogSpec {
        StartupLogSpec(input: .file("/dev/null"), format: format, phases: phases, rules: try rules ?? StartupLogSpec.phasedStartupRules())
    }

    /// Reads `text` line by line as a backlog (lines without a time of their own get none).
    static func replay(_ text: String, into state: inout StartupLogState, format: StartupLogSpec.Format) {
        for raw in text.split(separator: "\n") {
            if let line = LogLine(raw: String(raw), format: format, messageFields: StartupLogSpec.defaultMessageFields) {
                state.read(line, receivedAt: nil)
            }
        }
    }

    static func rule(_ pattern: String, newAttempt: Bool = false, phase: String? = nil, status: PhaseStatus? = nil,
                     error: String? = nil, exitCode: String? = nil, restarts: String? = nil) throws -> StartupLogRule {
        StartupLogRule(pattern: try #require(LogPattern(pattern)), newAttempt: newAttempt, phase: phase, status: status,
                       error: error, exitCode: exitCode, restarts: restarts)
    }

    @Test(arguments: [
        (StartupLogSpec.Format.plain, StartupRecordings.plainAttempts6And7, StartupRecordings.plainAttempt8),
        (StartupLogSpec.Format.json, StartupRecordings.jsonAttempts6And7, StartupRecordings.jsonAttempt8),
    ])
    func twoAttemptsAndARestart(_ format: StartupLogSpec.Format, _ attempts6And7: String, _ attempt8: String) throws {
        var state = StartupLogState(spec: try StartupLogTests.spec(format))
        StartupLogTests.replay(attempts6And7, into: &state, format: format)
        let r = try #require(state.report)
        #expect(r.attempt == 7)
        #expect(r.revision == "backend-staging-00042-xk2")
        #expect(r.restarts == 7, "the last line says: restarting (restart 7)")
        #expect(r.exitCode == 3)
        #expect(r.state == "crashloop")
        #expect(r.updatedAt == StartupLogTests.time("2026-11-25T16:47:37.373Z"))
        #expect(r.phases.map(\.name) == StartupRecordings.phases)
        #expect(r.phases.map(\.status) == [.ok, .ok, .timeout, .skipped, .skipped, .skipped, .skipped])
        #expect(r.phases[0] == StartupPhase(
            name: "INIT", status: .ok, startedAt: StartupLogTests.time("2026-11-25T16:47:16.123Z"),
            endedAt: StartupLogTests.time("2026-11-25T16:47:16.523Z"), elapsed: 0.4, timeout: 5.0
        ))
        let database = try #require(r.failingPhase)
        #expect(database == StartupPhase(
            name: "DATABASE", status: .timeout, startedAt: StartupLogTests.time("2026-11-25T16:47:17.123Z"),
            endedAt: StartupLogTests.time("2026-11-25T16:47:37.123Z"), elapsed: 20.0, timeout: 20.0,
            error: "Database initialization timeout after 20.0s in staging environment"
        ))
        #expect(r.runningPhase == nil)

        StartupLogTests.replay(attempt8, into: &state, format: format)
        let next = try #require(state.report)
        #expect(next.attempt == 8)
        #expect(next.restarts == 7)
        #expect(next.exitCode == nil)
        #expect(next.state == "starting")
        #expect(next.failingPhase == nil)
        #expect(next.phases.map(\.status) == [.ok, .ok, .running, .pending, .pending, .pending, .pending])
        #expect(next.runningPhase == StartupPhase(
            name: "DATABASE", status: .running, startedAt: StartupLogTests.time("2026-11-25T16:47:40.123Z"), timeout: 20.0
        ))
    }

    @Test func withoutExpectedPhasesTheSeenOnesAreListed() throws {
        var state = StartupLogState(spec: try StartupLogTests.spec(.plain, phases: []))
        StartupLogTests.replay(StartupRecordings.plainAttempts6And7, into: &state, format: .plain)
        #expect(state.report?.phases.map(\.name) == ["INIT", "DEPENDENCIES", "DATABASE"])
        #expect(state.report?.phases.map(\.status) == [.ok, .ok, .timeout])
    }

    @Test func anAttemptThatBecomesReadyIsRunning() throws {
        let log = """
        2026-11-25T16:47:32.944Z INFO backend-staging startup attempt 9 revision backend-staging-00042-xk2
        2026-11-25T16:47:32.944Z INFO Phase 1 INIT started (timeout 5.0s)
        2026-11-25T16:47:33.344Z INFO Phase 1 INIT completed in 0.4s
        2026-11-25T16:47:33.344Z INFO Phase 2 DEPENDENCIES started (timeout 10.0s)
        2026-11-25T16:47:33.944Z INFO Phase 2 DEPENDENCIES completed in 0.6s
        2026-11-25T16:47:33.944Z INFO Phase 3 DATABASE started (timeout 20.0s)
        2026-11-25T16:47:37.144Z INFO Phase 3 DATABASE completed in 3.2s
        2026-11-25T16:47:37.144Z INFO Phase 4 CACHE started (timeout 10.0s)
        """
        var state = StartupLogState(spec: try StartupLogTests.spec(.plain, phases: ["INIT", "DEPENDENCIES", "DATABASE", "CACHE"]))
        StartupLogTests.replay(log, into: &state, format: .plain)
        #expect(state.report?.state == "starting")
        StartupLogTests.replay("2026-11-25T16:47:37.444Z INFO Phase 4 CACHE completed in 0.3s", into: &state, format: .plain)
        #expect(state.report?.state == "running")
        #expect(state.report?.phases.allSatisfy { $0.status == .ok } == true)
    }

    @Test func anExitWhileAPhaseRunsFailsItAndSkipsTheRest() throws {
        let log = """
        2026-11-25T16:47:39.123Z INFO backend-staging startup attempt 8 revision backend-staging-00042-xk2
        2026-11-25T16:47:39.123Z INFO Phase 1 INIT started (timeout 5.0s)
        2026-11-25T16:47:39.523Z INFO Phase 1 INIT completed in 0.4s
        2026-11-25T16:47:39.523Z INFO Phase 2 DEPENDENCIES started (timeout 10.0s)
        2026-11-25T16:47:40.023Z WARNING Process terminated by SIGTERM. exit code 143
        """
        var state = StartupLogState(spec: try StartupLogTests.spec(.plain))
        StartupLogTests.replay(log, into: &state, format: .plain)
        let r = try #require(state.report)
        #expect(r.exitCode == 143)
        #expect(r.phases.map(\.status) == [.ok, .failed, .skipped, .skipped, .skipped, .skipped, .skipped])
        #expect(r.failingPhase?.error == "process exited with code 143")
        #expect(r.failingPhase?.elapsed == 0.5)
    }

    @Test func restartsAreCountedWhenNoRuleSetsThem() throws {
        let rules = [
            try StartupLogTests.rule(#"^starting"#, newAttempt: true),
            try StartupLogTests.rule(#"step (\w+) failed: (.*)"#, phase: "$1", status: .failed, error: "$2"),
            // Phase fields without `phase` apply to the running phase.
            try StartupLogTests.rule(#"step (\w+) begins"#, phase: "$1", status: .running),
            try StartupLogTests.rule(#"gave up"#, status: .timeout, error: "$0"),
        ]
        var state = StartupLogState(spec: try StartupLogTests.spec(.plain, phases: ["boot", "migrate"], rules: rules))
        StartupLogTests.replay("starting\nstep boot failed: disk full\nstarting\nstep boot begins\nstarting\nstep migrate begins\ngave up", into: &state, format: .plain)
        let r = try #require(state.report)
        #expect(r.attempt == 3)
        #expect(r.restarts == 2)
        #expect(r.phases.map(\.status) == [.pending, .timeout])
        #expect(r.failingPhase?.error == "gave up")
        #expect(r.updatedAt == nil, "lines without a time leave the time unknown")
    }

    @Test func linesAreSanitizedBeforeMatching() throws {
        var state = StartupLogState(spec: try StartupLogTests.spec(.plain))
        let line = "2026-11-25T16:47:37.123Z \u{1B}[31mCRITICAL\u{1B}[0m Phase 3 DATABASE failed: Database initialization timeout after 20.0s\u{1B}]0;pwned\u{07} in staging environment\u{1B}[2J"
        StartupLogTests.replay(line, into: &state, format: .plain)
        let database = try #require(state.report?.failingPhase)
        #expect(database.error == "Database initialization timeout after 20.0s in staging environment")
        #expect(database.endedAt == StartupLogTests.time("2026-11-25T16:47:37.123Z"))
    }

    @Test func jsonLinesReadTheirMessageAndTime() throws {
        func read(_ raw: String, fields: [JSONPath] = StartupLogSpec.defaultMessageFields) -> LogLine? {
            LogLine(raw: raw, format: .json, messageFields: fields)
        }
        #expect(read(#"{"msg":"exit code 3","time":"2026-11-25T16:47:37Z"}"#) == LogLine(text: "exit code 3", time: StartupLogTests.time("2026-11-25T16:47:37Z")))
        #expect(read(#"{"message":"exit code 3","timestamp":1795625257.5}"#)?.time == Date(timeIntervalSince1970: 1_795_625_257.5))
        #expect(read(#"{"message":"exit code 3","ts":1795625257500}"#)?.time == Date(timeIntervalSince1970: 1_795_625_257.5))
        #expect(read(#"{"jsonPayload":{"message":"exit code 3"}}"#, fields: [JSONPath("jsonPayload.message")!])?.text == "exit code 3")
        #expect(read(#"{"level":"INFO"}"#) == nil, "a JSON line without a message says nothing")
        #expect(read("Traceback (most recent call last):") == LogLine(text: "Traceback (most recent call last):", time: nil))
    }

    @Test func longLinesAreCutAndHeldBackUntilTheirNewline() {
        var splitter = LineSplitter()
        #expect(splitter.lines(in: Array("first\r\nsec".utf8)) == ["first"])
        #expect(splitter.lines(in: Array("ond\n".utf8)) == ["second"])
        let long = Array(repeating: UInt8(ascii: "x"), count: 40_000) + Array("\nafter\nrest".utf8)
        let lines = splitter.lines(in: long)
        #expect(lines.map(\.count) == [LogLine.maxBytes, 5])
        #expect(splitter.flush() == "rest")
        #expect(splitter.flush() == nil)
        splitter.skippingToNewline = true
        #expect(splitter.lines(in: Array("tail of a cut line\nwhole\n".utf8)) == ["whole"])
    }

    @Test func phaseNamesAreBounded() throws {
        let rules = [try StartupLogTests.rule(#"phase (\d+)"#, phase: "p$1", status: .ok)]
        var state = StartupLogState(spec: try StartupLogTests.spec(.plain, phases: [], rules: rules))
        StartupLogTests.replay((1...500).map { "phase \($0)" }.joined(separator: "\n"), into: &state, format: .plain)
        #expect(state.report?.phases.count == StartupLogState.maxPhases)
    }
}
