import Foundation
import Simulator
import Synchronization
import Testing
import TestSupport
@testable import Monitoring

/// The watcher against real files, real processes and the real simulated staging.
@Suite(.serialized) struct StartupWatcherTests {
    /// One client for the whole suite; it lives as long as the test process.
    static let sharedFactory = ProbeFactory()
    var factory: ProbeFactory { StartupWatcherTests.sharedFactory }

    /// The updates a watcher delivered, and a way to wait for the one a test expects.
    final class Updates: Sendable {
        private let all = Mutex<[StartupUpdate]>([])

        var deliver: @Sendable (StartupUpdate) -> Void { { update in self.all.withLock { $0.append(update) } } }
        var count: Int { all.withLock { $0.count } }
        var last: StartupUpdate? { all.withLock { $0.last } }

        /// The first update after the first `skip` that satisfies `condition`, waiting up to `timeout`.
        func first(after skip: Int = 0, within timeout: Duration = .seconds(5), where condition: (StartupUpdate) -> Bool) async -> StartupUpdate? {
            let deadline = ContinuousClock.now + timeout
            while true {
                if let found = all.withLock({ $0.dropFirst(skip).first(where: condition) }) { return found }
                if ContinuousClock.now >= deadline { return nil }
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    func log(_ input: StartupLogSpec.Input, format: StartupLogSpec.Format = .plain) throws -> StartupSourceSpec {
        StartupSourceSpec(source: .log(StartupLogSpec(input: input, format: format, phases: StartupRecordings.phases, rules: try StartupLogSpec.phasedStartupRules())))
    }

    func http(_ url: String, interval: Seconds = Seconds(5), timeout: Seconds = Seconds(5)) -> StartupSourceSpec {
        StartupSourceSpec(source: .http(StartupEndpointSpec(url: url, interval: interval, timeout: timeout)))
    }

    static func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((text + "\n").utf8))
        try handle.close()
    }

    /// Processes in process group `group` that have not exited.
    static func livingProcesses(inGroup group: Int32) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid -> String? in
            guard Int(pid) != nil, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            // After "pid (comm)": state, ppid, pgrp, …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group else { return nil }
            return "\(pid) \(stat[..<close]))"
        }
    }

    // MARK: Log file

    @Test func followsAFileThatGrowsAndIsTruncated() async throws {
        let path = TempFiles.folder("warroom-startup").appendingPathComponent("backend.log").path
        try StartupRecordings.plainAttempts6And7.write(toFile: path, atomically: false, encoding: .utf8)
        let updates = Updates()
        let watcher = StartupWatcher(serviceID: "backend", spec: try log(.file(path)), factory: factory, deliver: updates.deliver)
        watcher.start()

        let first = await updates.first { $0.report?.attempt == 7 }
        #expect(first?.serviceID == "backend")
        #expect(first?.problem == nil)
        #expect(first?.report?.failingPhase?.name == "DATABASE")
        #expect(first?.report?.failingPhase?.elapsed == 20.0)
        #expect(first?.report?.exitCode == 3)

        try StartupWatcherTests.append(StartupRecordings.plainAttempt8, to: path)
        let grown = await updates.first { $0.report?.runningPhase?.name == "DATABASE" }
        #expect(grown?.report?.attempt == 8)
        #expect(grown?.report?.exitCode == nil)

        // Truncated and started over, shorter than before: read from the start.
        try "2026-11-25T17:00:00.000Z INFO backend-staging startup attempt 1 revision backend-staging-00043-ab1\n"
            .write(toFile: path, atomically: false, encoding: .utf8)
        let restarted = await updates.first { $0.report?.revision == "backend-staging-00043-ab1" }
        #expect(restarted?.report?.attempt == 1)
        #expect(restarted?.report?.phases.allSatisfy { $0.status == .pending } == true)

        await watcher.stop()
        let delivered = updates.count
        try StartupWatcherTests.append("2026-11-25T17:00:01.000Z ERROR exit code 9", to: path)
        try await Task.sleep(for: .milliseconds(400))
        #expect(updates.count == delivered, "nothing is delivered after stop()")
    }

    @Test func followsAFileAcrossRotation() async throws {
        let folder = TempFiles.folder("warroom-startup")
        let path = folder.appendingPathComponent("backend.log").path
        try StartupRecordings.plainAttempts6And7.write(toFile: path, atomically: false, encoding: .utf8)
        let updates = Updates()
        let watcher = StartupWatcher(serviceID: "backend", spec: try log(.file(path)), factory: factory, deliver: updates.deliver)
        watcher.start()
        #expect(await updates.first { $0.report?.attempt == 7 } != nil)

        // logrotate: the old file moves away, its last lines still come in, a new file takes its place.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try StartupWatcherTests.append(StartupRecordings.plainAttempt8.split(separator: "\n").prefix(3).joined(separator: "\n"), to: path + ".1")
        try StartupRecordings.plainAttempt8.split(separator: "\n").dropFirst(3).joined(separator: "\n")
            .appending("\n").write(toFile: path, atomically: false, encoding: .utf8)
        let rotated = await updates.first { $0.report?.runningPhase?.name == "DATABASE" }
        #expect(rotated?.report?.attempt == 8)
        #expect(rotated?.report?.phases.first?.status == .ok, "INIT completed in the rotated file")
        await watcher.stop()
    }

    @Test func aMissingFileIsAProblemUntilItAppears() async throws {
        let path = TempFiles.folder("warroom-startup").appendingPathComponent("later.jsonl").path
        let updates = Updates()
        let watcher = StartupWatcher(serviceID: "backend", spec: try log(.file(path), format: .json), factory: factory, deliver: updates.deliver)
        watcher.start()
        let missing = await updates.first { $0.problem != nil }
        #expect(missing?.problem == "log file \(path): no such file")
        #expect(missing?.report == nil)

        try StartupRecordings.jsonAttempts6And7.write(toFile: path, atomically: false, encoding: .utf8)
        let appeared = await updates.first { $0.report != nil }
        #expect(appeared?.problem == nil)
        #expect(appeared?.report?.attempt == 7)
        #expect(appeared?.report?.failingPhase?.error == "Database initialization timeout after 20.0s in staging environment")
        await watcher.stop()
    }

    @Test func onceReadsWhatAFileHolds() async throws {
        let path = TempFiles.write(StartupRecordings.jsonAttempts6And7 + "\n" + StartupRecordings.jsonAttempt8, name: "backend.jsonl")
        let u = await StartupWatcher.once(serviceID: "backend", spec: try log(.file(path), format: .json), factory: factory, timeout: Seconds(1))
        #expect(u.problem == nil)
        #expect(u.report?.attempt == 8, "the last line counts even without its newline")
        #expect(u.report?.runningPhase?.name == "DATABASE")

        var small = StartupLogSpec(input: .file(path), format: .json, phases: [], rules: try StartupLogSpec.phasedStartupRules())
        small.backlog = 600
        let tail = await StartupWatcher.once(serviceID: "backend", spec: StartupSourceSpec(source: .log(small)), factory: factory, timeout: Seconds(1))
        #expect(tail.report?.attempt == nil, "600 bytes hold no attempt line")
        #expect(tail.report?.phases.map(\.name) == ["DEPENDENCIES", "DATABASE"])
    }

    // MARK: Log command

    @Test func followsACommandAndStopLeavesNoProcess() async throws {
        let folder = TempFiles.folder("warroom-startup")
        let pidFile = folder.appendingPathComponent("pid").path
        let recording = folder.appendingPathComponent("backend.log").path
        try (StartupRecordings.plainAttempts6And7 + "\n").write(toFile: recording, atomically: false, encoding: .utf8)
        let shell = "echo $$ > \(pidFile); cat \(recording); sleep 30 & sleep 30"
        let updates = Updates()
        let watcher = StartupWatcher(serviceID: "backend", spec: try log(.command(.shell(shell))), factory: factory, deliver: updates.deliver)
        watcher.start()
        let u = await updates.first { $0.report?.exitCode == 3 }
        #expect(u?.report?.attempt == 7)
        #expect(u?.report?.failingPhase?.name == "DATABASE")
        #expect(u?.problem == nil)

        let group = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!StartupWatcherTests.livingProcesses(inGroup: group).isEmpty)
        let start = ContinuousClock.now
        await watcher.stop()
        #expect(ContinuousClock.now - start < .seconds(3), "SIGTERM ends sleep at once")
        #expect(StartupWatcherTests.livingProcesses(inGroup: group).isEmpty, "still running: \(StartupWatcherTests.livingProcesses(inGroup: group))")
    }

    @Test func stopKillsACommandThatIgnoresSIGTERM() async throws {
        let pidFile = TempFiles.folder("warroom-startup").appendingPathComponent("pid").path
        let shell = "trap '' TERM; echo $$ > \(pidFile); echo 'backend-staging startup attempt 2 revision r1'; sleep 30 & wait"
        let updates = Updates()
        let watcher = StartupWatcher(serviceID: "backend", spec: try log(.command(.shell(shell))), factory: factory, deliver: updates.deliver)
        watcher.start()
        #expect(await updates.first { $0.report?.attempt == 2 } != nil)
        let group = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let start = ContinuousClock.now
        await watcher.stop()
        let took = ContinuousClock.now - start
        #expect(took >= .seconds(1.5) && took < .seconds(4), "SIGKILL after the 2 s grace, took \(took)")
        #expect(StartupWatcherTests.livingProcesses(inGroup: group).isEmpty)
    }

    @Test func aCommandThatExitsIsAProblemAndRunsAgain() async throws {
        let counter = TempFiles.folder("warroom-startup").appendingPathComponent("runs").path
        let shell = "echo run >> \(counter); echo 'backend-staging startup attempt 7 revision r1'; echo 'error: pods \"backend\" not found'; exit 1"
        let updates = Updates()
        let watcher = StartupWatcher(serviceID: "backend", spec: try log(.command(.shell(shell))), factory: factory, deliver: updates.deliver)
        watcher.start()
        let failed = await updates.first { $0.problem != nil }
        #expect(failed?.problem == "log command exited with status 1: error: pods \"backend\" not found")
        #expect(failed?.report?.attempt == 7, "the last report stays")
        // Run again after 1 s: its output clears the problem (until it exits again).
        let again = await updates.first(within: .seconds(4)) { $0.problem == nil && $0.report?.restarts == 1 }
        #expect(again != nil)
        await watcher.stop()
        let runs = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").count
        #expect(runs >= 2)
    }

    @Test func aCommandThatCannotStart() async throws {
        let spec = try log(.command(.arguments(["warroom-no-such-command", "logs"])))
        let u = await StartupWatcher.once(serviceID: "backend", spec: spec, factory: factory, timeout: Seconds(1))
        #expect(u.problem == "log command: command not found: warroom-no-such-command")
        #expect(u.report == nil)
    }

    @Test func onceReadsACommandForItsTimeout() async throws {
        let shell = "echo 'backend-staging startup attempt 4 revision r1'; echo 'Phase 1 INIT started (timeout 5.0s)'; sleep 30"
        let start = ContinuousClock.now
        let u = await StartupWatcher.once(serviceID: "backend", spec: try log(.command(.shell(shell))), factory: factory, timeout: Seconds(0.5))
        let took = ContinuousClock.now - start
        #expect(took >= .seconds(0.5) && took < .seconds(3), "took \(took)")
        #expect(u.problem == nil)
        #expect(u.report?.attempt == 4)
        #expect(u.report?.runningPhase?.name == "INIT")
        let failing = await StartupWatcher.once(serviceID: "backend", spec: try log(.command(.shell("echo 'no such deployment' >&2; exit 2"))), factory: factory, timeout: Seconds(2))
        #expect(failing.problem == "log command exited with status 2: no such deployment")
    }

    // MARK: HTTP endpoint

    /// A simulation clock that stands still.
    final class StillClock: SimulationClock {
        let time: Date
        init(_ time: Date) { self.time = time }
        func now() -> Date { time }
    }

    @Test func theSimulatorAtTheStartOfTheReplay() async throws {
        // 2026-11-25 16:47:37.623 UTC: attempt 7 has just timed out in phase 3.
        let staging = try await SimulatedStaging.start(SimulatorOptions(scenario: .outage), clock: StillClock(Date(timeIntervalSince1970: 1_795_625_257.623)))
        let u = await StartupWatcher.once(serviceID: "backend", spec: http(staging.baseURL + "/backend/startup"), factory: factory, timeout: Seconds(5))
        await staging.stop()
        #expect(u.problem == nil)
        let r = try #require(u.report)
        #expect(r.service == "backend-staging" && r.revision == "backend-staging-00042-xk2")
        #expect(r.attempt == 7 && r.restarts == 6 && r.exitCode == 3 && r.state == "crashloop")
        #expect(r.phases.map(\.status) == [.ok, .ok, .timeout, .skipped, .skipped, .skipped, .skipped])
        #expect(r.failingPhase?.name == "DATABASE")
        #expect(r.failingPhase?.elapsed == 20.0 && r.failingPhase?.timeout == 20.0)
        #expect(r.failingPhase?.error == "Database initialization timeout after 20.0s in staging environment")
    }

    @Test func theSimulatorInACrashLoop() async throws {
        let staging = try await SimulatedStaging.start(SimulatorOptions(scenario: .outage, timeScale: 20))
        let updates = Updates()
        let watcher = StartupWatcher(serviceID: "backend", spec: http(staging.baseURL + "/backend/startup", interval: Seconds(0.03)), factory: factory, deliver: updates.deliver)
        watcher.start()
        // At 20x an attempt lasts about 1.1 s and shows its timeout for about 0.1 s of it.
        let failed = await updates.first(within: .seconds(10)) { $0.report?.failingPhase?.status == .timeout }
        let starting = await updates.first(within: .seconds(10)) { $0.report?.state == "starting" }
        await watcher.stop()
        await staging.stop()
        let r = try #require(failed?.report)
        #expect(r.failingPhase?.name == "DATABASE" && r.failingPhase?.elapsed == 20.0)
        #expect(r.exitCode == 3)
        #expect((r.attempt ?? 0) >= 7)
        #expect(starting?.report?.exitCode == nil)
        #expect(updates.last?.problem == nil)
    }

    @Test func aRefusedPort() async throws {
        let port = try LoopbackServers.refusedPort()
        let u = await StartupWatcher.once(serviceID: "backend", spec: http("http://127.0.0.1:\(port)/backend/startup"), factory: factory, timeout: Seconds(2))
        #expect(u.problem == "startup endpoint: connect refused")
        #expect(u.report == nil)
    }

    @Test func aWrongStatusOrBodyIsAProblem() async throws {
        let notFound = try CannedHTTPServer(status: 404, headers: ["Content-Type": "text/plain"], body: "not found")
        defer { notFound.stop() }
        let u = await StartupWatcher.once(serviceID: "backend", spec: http(notFound.url), factory: factory, timeout: Seconds(2))
        #expect(u.problem?.hasPrefix("startup endpoint: HTTP 404 in ") == true, "\(u.problem ?? "nil")")
        #expect(u.problem?.hasSuffix(" ms") == true, "\(u.problem ?? "nil")")

        let weird = try CannedHTTPServer(body: #"{"phases":[{"name":"INIT","status":"ok"},{"name":"DATABASE","status":"weird"}]}"#)
        defer { weird.stop() }
        let w = await StartupWatcher.once(serviceID: "backend", spec: http(weird.url), factory: factory, timeout: Seconds(2))
        #expect(w.problem == "startup JSON: phases[1].status 'weird' is not one of pending, running, ok, failed, timeout, skipped")
    }

    @Test func refreshNowPollsAtOnceAndStopDoesNotWaitForAHungEndpoint() async throws {
        let server = try CannedHTTPServer(body: #"{"phases":[]}"#)
        defer { server.stop() }
        let updates = Updates()
        let watcher = StartupWatcher(serviceID: "backend", spec: http(server.url, interval: Seconds(60)), factory: factory, deliver: updates.deliver)
        watcher.start()
        #expect(await updates.first { _ in true }?.report == StartupReport())
        watcher.refreshNow()
        #expect(await updates.first(after: 1, within: .seconds(2)) { _ in true } != nil, "a second poll long before the interval")
        await watcher.stop()

        let hung = try HangingServer()
        defer { hung.stop() }
        let stuck = StartupWatcher(serviceID: "backend", spec: http("http://127.0.0.1:\(hung.port)/backend/startup", timeout: Seconds(30)), factory: factory, deliver: { _ in })
        stuck.start()
        try await Task.sleep(for: .milliseconds(200))
        let start = ContinuousClock.now
        await stuck.stop()
        #expect(ContinuousClock.now - start < .seconds(2), "stop() does not wait for the 30 s timeout")
    }
}
