import Foundation
import Testing
import TestSupport

/// Runbooks in the real binary: the demo fixed from the menu, read-only mode, a console
/// killed mid-step, and the command line.
@Suite(.serialized) struct RunbookTests {
    let bin = WarroomBinary.path

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: bin), "build warroom first (swift build): \(bin)")
        try #require(Tmux.isAvailable, "tmux is needed; scripts/test installs it")
    }


    /// A config with one service and one runbook whose only step sleeps `sleep` seconds (a
    /// number the test can find the process by).
    static func slowRunbookConfig(environment: String, sleep: String, extra: String = "") -> String {
        TempFiles.write("""
        environment: \(environment)
        \(extra)services:
          - { id: self, name: loopback, check: { type: command, run: [/bin/true], interval: 5s } }
        runbooks:
          - id: slow
            title: Slow things
            steps:
              - { id: wait, title: Wait a long time, run: [/bin/sleep, "\(sleep)"], timeout: 10m }
        """)
    }

    /// Banner lines under the header.
    static func banners(_ screen: String) -> [Substring] {
        screen.split(separator: "\n").filter { $0.range(of: #"^ P[0-3] · "#, options: .regularExpression) != nil }
    }

    @Test func theOutageIsFixedFromTheRunbookMenuInEightKeys() throws {
        let store = TempFiles.storePath()
        let tmux = Tmux()
        try tmux.start(width: 120, height: 40)
        try tmux.type("\(bin) demo --store \(store); echo EXIT=$?", enter: true)
        let outage = try tmux.waitFor(timeout: 10) { $0.contains(" P0 · Chat offline · ") && $0.contains("FAILING") }
        #expect(outage.ok, "\(outage.screen)")

        var keys = 0
        func press(_ key: String) throws { keys += 1; try tmux.press(key) }
        try press("x")
        let menu = try tmux.waitFor(timeout: 5) { $0.contains("★ Restore staging chat") }
        #expect(menu.ok, "the runbook for the outage is not first and marked:\n\(menu.screen)")
        #expect(menu.screen.contains("remedies: backend-staging failing"), "\(menu.screen)")
        try press("Enter")
        #expect(try tmux.waitFor(timeout: 5) { $0.contains("Runbook · Restore staging chat") }.ok)
        try press("Down"); try press("Down"); try press("Down")
        try press("A")
        let paused = try tmux.waitFor(timeout: 15) { $0.contains("A stopped at Restart the backend") }
        #expect(paused.ok, "scaling did not pass, or A did not pause at the dangerous step:\n\(paused.screen)")
        try press("Enter")
        #expect(try tmux.waitFor(timeout: 5) { $0.contains("DANGEROUS · Restart the backend") }.ok)
        try tmux.type("restart-backend")
        try press("Enter")
        let green = try tmux.waitFor(timeout: 90) { screen in
            screen.contains("✔ ALL OK") && Self.banners(screen).isEmpty
        }
        #expect(green.ok, "the screen did not turn green:\n\(green.screen)")
        #expect(keys <= 10, "\(keys) keypresses")
        for step in ["Scale the connector up", "Restart the backend", "Validate the health endpoints"] {
            let row = green.screen.split(separator: "\n").first { $0.contains(step) }
            #expect(row?.contains("✔ OK") == true, "\(step): \(row ?? "missing")")
        }
        try tmux.press("q")
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("EXIT=0") }.ok)

        let list = try Shell.run(bin, ["audit", "list", "--store", store])
        #expect(list.status == 0, "\(list.error)")
        for needle in ["staging-outage/scale-connector  OK exit 0", "staging-outage/restart-backend  OK exit 0", "staging-outage/validate-health  OK exit 0", "oncall@"] {
            #expect(list.output.contains(needle), "audit list lacks \(needle):\n\(list.output)")
        }
        let verify = try Shell.run(bin, ["audit", "verify", "--store", store])
        #expect(verify.status == 0 && verify.output.contains("9 records, chain intact, every record sealed") && verify.output.hasSuffix("proven\n"), "\(verify.output)\(verify.error)")
        let report = try Shell.run(bin, ["report", "--demo", "--store", store])
        #expect(report.output.contains("## Actions taken"), "\(report.output)")
        #expect(report.output.contains("Restart the backend (Restore staging chat): OK"), "\(report.output)")
    }

    @Test func readOnlyBrowsesRunbooksAndRunsNothing() throws {
        let store = TempFiles.storePath()
        let tmux = Tmux()
        try tmux.start(width: 120, height: 40)
        try tmux.type("\(bin) demo --read-only --store \(store)", enter: true)
        #expect(try tmux.waitFor(timeout: 10) { $0.contains(" P0 · Chat offline · ") }.ok)
        // Every way to run something: Enter, A, y, on every step, the dangerous one included.
        for key in ["x", "Enter", "Enter", "A", "y", "Down", "Enter", "A", "Down", "Down", "Down", "Enter", "y", "A", "Down", "Enter"] {
            try tmux.press(key)
        }
        let screen = try tmux.waitFor(timeout: 5) { $0.contains("read-only: nothing runs from this console") }
        #expect(screen.ok, "\(screen.screen)")
        Thread.sleep(forTimeInterval: 1)
        let after = try tmux.capture()
        let notRun = after.split(separator: "\n").filter { $0.contains("not run") }.count
        #expect(notRun >= 6, "something ran:\n\(after)")
        #expect(after.range(of: #"(OK|REGRESSION|FAILED|running) \d"#, options: .regularExpression) == nil, "something ran:\n\(after)")
        try tmux.press("q")
        let list = try Shell.run(bin, ["audit", "list", "--store", store])
        #expect(list.output.hasPrefix("no runs yet"), "\(list.output)")
    }

    @Test func aConsoleKilledMidStepLeavesARunTheNextStartMarksInterrupted() throws {
        let store = TempFiles.storePath()
        let config = Self.slowRunbookConfig(environment: "interrupt-test", sleep: "317")
        let tmux = Tmux()
        try tmux.start(width: 100, height: 30)
        try tmux.type("\(bin) run --config \(config) --store \(store)", enter: true)
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("loopback") }.ok)
        try tmux.press("x"); try tmux.press("Enter"); try tmux.press("Enter")
        let running = try tmux.waitFor(timeout: 5) { $0.contains("running") }
        #expect(running.ok, "\(running.screen)")
        _ = try Shell.run("/usr/bin/pkill", ["-KILL", "-f", "run --config \(config)"])
        _ = try Shell.run("/usr/bin/pkill", ["-f", "sleep 317"])
        Thread.sleep(forTimeInterval: 0.5)
        try tmux.type("clear; \(bin) run --config \(config) --store \(store)", enter: true)
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("loopback") }.ok)
        try tmux.press("t")
        let timeline = try tmux.waitFor(timeout: 5) { $0.contains("INTERRUPTED") }
        #expect(timeline.ok, "\(timeline.screen)")
        try tmux.press("q")
        let list = try Shell.run(bin, ["audit", "list", "--store", store])
        #expect(list.output.contains("slow/wait  INTERRUPTED"), "\(list.output)")
        let verify = try Shell.run(bin, ["audit", "verify", "--store", store])
        #expect(verify.status == 0, "\(verify.output)")
    }

    /// A `sleep` step kept running after `kill -KILL` of its console, and the next start
    /// called it interrupted. Now the next console finds it alive by its process group, says
    /// so, and stops it on `s` — or lets it end and records that it did.
    @Test(arguments: ["stop", "let-finish"])
    func aStepAKilledConsoleLeftRunningIsFoundAndStoppedOrWatched(_ choice: String) throws {
        let store = TempFiles.storePath()
        let marker = choice == "stop" ? "327" : "3"
        let config = Self.slowRunbookConfig(environment: "orphan-\(choice)", sleep: marker)
        let tmux = Tmux()
        try tmux.start(width: 120, height: 40)
        try tmux.type("\(bin) run --config \(config) --store \(store)", enter: true)
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("loopback") }.ok)
        try tmux.press("x"); try tmux.press("Enter"); try tmux.press("Enter")
        #expect(try tmux.waitFor(timeout: 5) { $0.contains("running") }.ok)
        _ = try Shell.run("/usr/bin/pkill", ["-KILL", "-f", "run --config \(config)"])
        #expect(try Shell.run("/usr/bin/pgrep", ["-x", "-f", "/bin/sleep \(marker)"]).status == 0, "the step died with its console")
        try tmux.type("clear; \(bin) run --config \(config) --store \(store); echo EXIT=$?", enter: true)
        let found = try tmux.waitFor(timeout: 10) { $0.contains("Still running") && $0.contains("left by a console that was killed") }
        #expect(found.ok, "\(found.screen)")
        #expect(found.screen.contains("Wait a long time — started") && found.screen.contains("process group"), "\(found.screen)")
        if choice == "stop" {
            try tmux.press("s")
            let gone = try tmux.waitFor(timeout: 10) { _ in (try? Shell.run("/usr/bin/pgrep", ["-x", "-f", "/bin/sleep \(marker)"]).status) == 1 }
            #expect(gone.ok, "the step still runs")
        } else {
            try tmux.press("Escape")
            Thread.sleep(forTimeInterval: 4)
        }
        let verdict = choice == "stop" ? "CANCELLED" : "ENDED"
        try tmux.press("t")
        let timeline = try tmux.waitFor(timeout: 10) { $0.contains("Wait a long time (Slow things): \(verdict)") }
        #expect(timeline.ok, "\(timeline.screen)")
        try tmux.press("q")
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("EXIT=0") }.ok)
        let list = try Shell.run(bin, ["audit", "list", "--store", store])
        #expect(list.output.contains("slow/wait  \(verdict)"), "\(list.output)")
        #expect(!list.output.contains("INTERRUPTED"), "\(list.output)")
        let verify = try Shell.run(bin, ["audit", "verify", "--store", store])
        #expect(verify.status == 0 && verify.output.hasSuffix("proven\n"), "\(verify.output)")
    }

    @Test(arguments: ["stop", "keep"])
    func aDroppedConnectionStopsRunningStepsUnlessTheConfigKeepsThem(_ policy: String) throws {
        let store = TempFiles.storePath()
        let marker = policy == "stop" ? "318" : "319"
        let config = Self.slowRunbookConfig(environment: "hangup-\(policy)", sleep: marker, extra: "steps_on_hangup: \(policy)\n")
        defer { _ = try? Shell.run("/usr/bin/pkill", ["-f", "sleep \(marker)"]) }
        let tmux = Tmux()
        try tmux.start(width: 100, height: 30)
        let pidFile = TempFiles.folder().appendingPathComponent("console.pid").path
        try tmux.type("sh -c 'echo $$ > \(pidFile); exec \(bin) run --config \(config) --store \(store)'; echo EXIT=$?", enter: true)
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("loopback") }.ok)
        try tmux.press("x"); try tmux.press("Enter"); try tmux.press("Enter")
        #expect(try tmux.waitFor(timeout: 5) { $0.contains("running") }.ok)
        let pid = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, SIGHUP) == 0)
        #expect(try tmux.waitFor(timeout: 15) { $0.contains("EXIT=129") }.ok, "ended by SIGHUP: 128 + 1")
        let alive = try Shell.run("/usr/bin/pgrep", ["-f", "sleep \(marker)"])
        let list = try Shell.run(bin, ["audit", "list", "--store", store])
        if policy == "stop" {
            #expect(alive.status != 0, "the step outlived the console")
            #expect(list.output.contains("slow/wait  CANCELLED"), "\(list.output)")
        } else {
            #expect(alive.status == 0, "the step was stopped")
            #expect(list.output.contains("slow/wait  RUNNING"), "\(list.output)")
        }
    }

    @Test func theCommandLineRunsAStepWithTheSameChecks() throws {
        let store = TempFiles.storePath()
        let refused = try Shell.run(bin, ["runbook", "run", "--demo", "--store", store, "staging-outage", "restart-backend"])
        #expect(refused.status == 3, "not run has its own status")
        #expect(refused.error.contains("give --confirm 'restart-backend'"), "\(refused.error)")
        let regression = try Shell.run(bin, ["runbook", "run", "--demo", "--store", store, "staging-outage", "check-timeouts"])
        #expect(regression.status == 1)
        #expect(regression.output.contains("REGRESSION initialization_s: live 20.0, known-good 75.0"), "\(regression.output)")
        let ok = try Shell.run(bin, ["runbook", "run", "--demo", "--store", store, "staging-outage", "restart-backend", "--confirm", "restart-backend"])
        #expect(ok.status == 0, "\(ok.error)")
        let wrong = try Shell.run(bin, ["runbook", "run", "--demo", "--store", store, "staging-outage", "nope"])
        #expect(wrong.status == 64)
        let verify = try Shell.run(bin, ["audit", "verify", "--store", store])
        #expect(verify.output.contains("6 records, chain intact, every record sealed"), "\(verify.output)")
    }
}
