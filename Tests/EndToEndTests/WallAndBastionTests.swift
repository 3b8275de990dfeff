import Foundation
import Testing
import TestSupport

/// The wallboard and the conditions of a bastion host: small panes, resize storms, a dropped
/// SSH connection.
@Suite(.serialized) struct WallAndBastionTests {
    let bin = WarroomBinary.path

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: bin), "build warroom first (swift build): \(bin)")
        try #require(Tmux.isAvailable, "tmux is needed; scripts/test installs it")
    }

    static func blockRows(_ screen: String) -> Int {
        screen.split(separator: "\n").filter { $0.contains("█") && !$0.contains("░") }.count
    }

    @Test func theWallShowsBlockDigitsTurnsPagesAndRunsNothing() throws {
        let store = TempFiles.storePath()
        let tmux = Tmux()
        try tmux.start(width: 120, height: 40)
        try tmux.type("\(bin) demo --wall --rotate 3 --store \(store); echo EXIT=$?", enter: true)
        let hero = try tmux.waitFor(timeout: 10) { $0.contains("P0 · Chat offline") && Self.blockRows($0) == 5 && $0.contains("WALL · overview") }
        #expect(hero.ok, "\(hero.screen)")
        #expect(!hero.screen.contains("a ack") && !hero.screen.contains("x runbooks"), "\(hero.screen)")
        let timeline = try tmux.waitFor(timeout: 8) { $0.contains("WALL · timeline") }
        #expect(timeline.ok, "pages do not turn:\n\(timeline.screen)")
        // Every run key does nothing.
        for key in ["x", "Enter", "A", "y", "a", "r", "g", "t", "R", "?", "Escape", "c"] { try tmux.press(key) }
        Thread.sleep(forTimeInterval: 1)
        let after = try tmux.capture()
        #expect(after.contains("WALL · "), "left the wallboard:\n\(after)")
        #expect(!after.contains("Runbook") && !after.contains("acked by") && !after.contains("report written"), "\(after)")
        try tmux.press("q")
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("EXIT=0") }.ok)
        let audit = try Shell.run(bin, ["audit", "list", "--store", store])
        #expect(audit.output.hasPrefix("no runs yet"), "\(audit.output)")
    }

    @Test(arguments: [(80, 24), (60, 20), (40, 12), (30, 8)])
    func everySizeIsReadableOrSaysItIsTooSmall(_ width: Int, _ height: Int) throws {
        let tmux = Tmux()
        try tmux.start(width: width, height: height)
        try tmux.type("\(bin) demo --store \(TempFiles.storePath())", enter: true)
        let shown = try tmux.waitFor(timeout: 10) { screen in
            width < 40 || height < 12 ? screen.contains("too small")
                : (screen.contains("backend-staging") && screen.contains("✖") && screen.contains("P0 · Chat offline") && screen.contains("q quit"))
        }
        #expect(shown.ok, "\(width)x\(height):\n\(shown.screen)")
        let lines = shown.screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= width }, "\(shown.screen)")
        if width >= 40 && height >= 12 {
            for needle in ["backend-staging", "P0 · Chat offline", "User login"] {
                #expect(shown.screen.contains(needle), "\(width)x\(height) lost \(needle):\n\(shown.screen)")
            }
        }
        try tmux.press("q")
    }

    @Test func aResizeStormEndsInACorrectFrame() throws {
        let tmux = Tmux()
        try tmux.start(width: 100, height: 30)
        try tmux.type("\(bin) demo --store \(TempFiles.storePath())", enter: true)
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("backend-staging") && $0.contains("LATENCY") }.ok)
        let sizes = [(60, 20), (130, 45), (40, 12), (90, 28), (30, 8), (120, 40), (80, 24), (45, 15), (150, 50), (70, 22)]
        for i in 0..<20 {
            let (w, h) = sizes[i % sizes.count]
            try tmux.resize(width: w, height: h)
            Thread.sleep(forTimeInterval: 0.05)
        }
        try tmux.resize(width: 100, height: 30)
        let settled = try tmux.waitFor(timeout: 5) { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.first?.hasPrefix(" WARROOM") == true && screen.contains("Services") && screen.contains("q quit") && !screen.contains("too small")
        }
        #expect(settled.ok, "\(settled.screen)")
        #expect(settled.screen.split(separator: "\n").allSatisfy { $0.count <= 100 })
        try tmux.press("q")
    }

    static func hasColour(_ escaped: String) -> Bool {
        escaped.contains("[38;") || escaped.contains("[48;") || escaped.range(of: "\u{1B}\\[(3|4|9|10)[0-7](;[0-9]+)*m", options: .regularExpression) != nil
    }

    @Test func theMonoThemeSendsNoColourAndTSwitchesThemesLive() throws {
        let tmux = Tmux()
        try tmux.start(width: 100, height: 30)
        try tmux.type("\(bin) demo --theme mono --store \(TempFiles.storePath())", enter: true)
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("backend-staging") && $0.contains("503") }.ok)
        let mono = try tmux.capture(escapes: true)
        #expect(!Self.hasColour(mono), "mono sent colour:\n\(mono)")
        #expect(mono.contains("\u{1B}[7m") || mono.contains(";7m"), "mono bars are not in reverse video")
        try tmux.press("T")
        let switched = try tmux.waitFor(timeout: 5) { $0.contains("theme: ") && !$0.contains("theme: mono") }
        #expect(switched.ok, "\(switched.screen)")
        let coloured = try tmux.waitFor(timeout: 5) { _ in Self.hasColour((try? tmux.capture(escapes: true)) ?? "") }
        #expect(coloured.ok, "T did not bring colour back")
        try tmux.press("q")
    }

    @Test func aDroppedConnectionFlushesTheHistory() throws {
        let store = TempFiles.storePath()
        let tmux = Tmux()
        try tmux.start(width: 100, height: 30)
        let pidFile = TempFiles.folder().appendingPathComponent("demo.pid").path
        try tmux.type("sh -c 'echo $$ > \(pidFile); exec \(bin) demo --store \(store)'; echo EXIT=$?", enter: true)
        #expect(try tmux.waitFor(timeout: 10) { $0.contains(" P0 · Chat offline · ") }.ok)
        try tmux.press("a")
        #expect(try tmux.waitFor(timeout: 5) { $0.contains("acked by oncall") }.ok)
        let pid = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, SIGHUP) == 0)
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("EXIT=129") }.ok)
        // Written at once on the way out, not lost with the terminal.
        let report = try Shell.run(bin, ["report", "--demo", "--store", store])
        #expect(report.output.contains("P0 · Chat offline acknowledged by oncall"), "\(report.output)")
    }
}
