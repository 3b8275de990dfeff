import Foundation
import Testing
import TestSupport

/// Impact banners, the timeline and the stored history, as an operator meets them in the
/// real binary: the P0 banner of the outage, its recovery, and a console killed and started
/// again on the same store.
@Suite(.serialized) struct IncidentHistoryTests {
    let bin = WarroomBinary.path

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: bin), "build warroom first (swift build): \(bin)")
        try #require(Tmux.isAvailable, "tmux is needed; scripts/test installs it")
    }


    /// Seconds in a compact duration such as `45s`, `2m13s`, `1h02m`.
    static func seconds(_ text: String) -> Int? {
        var total = 0, number = 0, any = false
        for c in text {
            if let d = c.wholeNumberValue { number = number * 10 + d; any = true; continue }
            switch c {
            case "d": total += number * 86_400
            case "h": total += number * 3600
            case "m": total += number * 60
            case "s": total += number
            default: return nil
            }
            number = 0
        }
        return any ? total : nil
    }

    /// The P0 banner's line (not a timeline event that names it).
    static func p0Banner(_ screen: String) -> Substring? {
        screen.split(separator: "\n").first { $0.hasPrefix(" P0 · Chat offline · ") }
    }

    /// The P0 banner's "down …" duration on the screen, in seconds.
    static func downFor(_ screen: String) -> Int? {
        guard let line = p0Banner(screen),
              let r = line.range(of: #"down (\d+[dhms])+"#, options: .regularExpression) else { return nil }
        return seconds(String(line[r].dropFirst(5)))
    }

    /// The simulator's port, read from the backend's details the way an operator would.
    func simulatorPort(_ tmux: Tmux) throws -> Int {
        try tmux.press("Enter")
        let details = try tmux.waitFor(timeout: 5) { $0.contains("/backend/health") }
        try tmux.press("Escape")
        let r = try #require(details.screen.range(of: #"127\.0\.0\.1:(\d+)/backend/health"#, options: .regularExpression), "\(details.screen)")
        let hostPort = details.screen[r].split(separator: "/")[0]
        return try #require(Int(hostPort.split(separator: ":")[1]))
    }

    @Test func theOutageRaisesP0WithinOnePollAndItsRecoveryClearsIt() throws {
        let tmux = Tmux()
        try tmux.start(width: 120, height: 40)
        try tmux.type("\(bin) demo --store \(TempFiles.storePath()); echo EXIT=$?", enter: true)
        let raised = try tmux.waitFor(timeout: 10) { Self.downFor($0) != nil }
        #expect(raised.ok, "no P0 banner:\n\(raised.screen)")
        #expect(raised.screen.contains("P0 · Chat offline · $500K+ ARR pipeline blocked · User login fails"), "\(raised.screen)")
        let first = Self.downFor(raised.screen) ?? 0
        let live = try tmux.waitFor(timeout: 5) { (Self.downFor($0) ?? 0) > first }
        #expect(live.ok, "the duration does not move:\n\(live.screen)")

        let port = try simulatorPort(tmux)
        let switched = try LoopbackHTTP.request("POST", port: port, path: "/admin/scenario", body: #"{"scenario":"healthy"}"#)
        #expect(switched.status == 200, "\(switched)")
        let backendUp = try tmux.waitFor(timeout: 30) { screen in
            screen.split(separator: "\n").contains { $0.contains("backend-staging") && $0.contains("✔ OK") }
        }
        #expect(backendUp.ok, "the backend did not come back:\n\(backendUp.screen)")
        try tmux.press("g")
        let cleared = try tmux.waitFor(timeout: 45) { Self.p0Banner($0) == nil }
        #expect(cleared.ok, "the P0 banner did not clear:\n\(cleared.screen)")
        try tmux.press("t")
        let timeline = try tmux.waitFor(timeout: 5) { $0.contains("P0 · Chat offline cleared after") && !$0.contains("t for all") }
        #expect(timeline.ok, "\(timeline.screen)")
        for sentence in ["Golden path passes again after", "backend-staging recovered after", "Golden path broken at User login"] {
            #expect(timeline.screen.contains(sentence), "timeline lacks \(sentence):\n\(timeline.screen)")
        }
        try tmux.press("q")
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("EXIT=0") }.ok)
    }

    @Test func aKilledConsoleStartedAgainKeepsHistoryTimelineAndTheOutageStart() throws {
        let store = TempFiles.storePath()
        let tmux = Tmux()
        try tmux.start(width: 120, height: 40)
        try tmux.type("\(bin) demo --store \(store)", enter: true)
        let raised = try tmux.waitFor(timeout: 10) { Self.downFor($0) != nil && $0.contains("a ack") }
        #expect(raised.ok, "\(raised.screen)")
        try tmux.press("a")
        #expect(try tmux.waitFor(timeout: 5) { $0.contains("acked by oncall") }.ok)
        // Let it run long enough that the outage is clearly older than the next start.
        let aged = try tmux.waitFor(timeout: 20) { (Self.downFor($0) ?? 0) >= 8 }
        #expect(aged.ok, "\(aged.screen)")
        Thread.sleep(forTimeInterval: 2)  // the writer flushes every second
        let before = Self.downFor(try tmux.capture()) ?? 0

        let killed = try Shell.run("/usr/bin/pkill", ["-KILL", "-f", "demo --store \(store)"])
        #expect(killed.status == 0, "\(killed.error)")
        #expect(try tmux.waitFor(timeout: 5) { $0.contains("Killed") || $0.hasSuffix("$ ") || $0.contains("\n$") }.ok)
        let restartedAt = Date()
        try tmux.type("clear; \(bin) demo --store \(store)", enter: true)
        let back = try tmux.waitFor(timeout: 10) { Self.downFor($0) != nil }
        #expect(back.ok, "\(back.screen)")
        let down = Self.downFor(back.screen) ?? 0
        let sinceRestart = Int(Date().timeIntervalSince(restartedAt).rounded(.up))
        #expect(down >= before, "the outage start was lost: down \(down)s after restart, \(before)s before")
        #expect(down > sinceRestart + 3, "the banner counts from the restart (\(down)s vs \(sinceRestart)s)")
        #expect(back.screen.contains("acked by oncall"), "the acknowledgement was lost:\n\(back.screen)")
        // The backend has been failing since before the restart: its time in state says so.
        let row = back.screen.split(separator: "\n").first { $0.contains("backend-staging") && $0.contains("FAIL") }
        let since = row.flatMap { r in r.split(separator: " ").compactMap { Self.seconds(String($0)) }.last }
        #expect((since ?? 0) >= before, "backend's time in state restarted: \(row ?? "no row")")
        try tmux.press("t")
        let timeline = try tmux.waitFor(timeout: 5) { $0.contains("acknowledged by oncall") && !$0.contains("t for all") }
        #expect(timeline.ok, "the timeline before the restart is gone:\n\(timeline.screen)")
        #expect(timeline.screen.contains("P0 · Chat offline raised: $500K+ ARR pipeline blocked"), "\(timeline.screen)")
        #expect(timeline.screen.contains("backend-staging is down"), "\(timeline.screen)")
        try tmux.press("q")
    }

    @Test func aSecondConsoleOnTheSameStoreOnlyReadsIt() throws {
        let store = TempFiles.storePath()
        let first = Tmux()
        try first.start(width: 120, height: 40)
        try first.type("\(bin) demo --store \(store)", enter: true)
        #expect(try first.waitFor(timeout: 10) { Self.downFor($0) != nil }.ok)
        let second = Tmux()
        try second.start(width: 120, height: 40)
        try second.type("\(bin) demo --store \(store)", enter: true)
        let readOnly = try second.waitFor(timeout: 10) { $0.contains("read-only") && $0.contains("another console") && Self.p0Banner($0) != nil }
        #expect(readOnly.ok, "the second console did not say it only reads:\n\(readOnly.screen)")
        #expect(Self.p0Banner(readOnly.screen) != nil, "\(readOnly.screen)")
        try second.press("q")
        try first.press("q")
    }

    /// `check --store FILE` wrote nothing; `report` added timeline entries that never happened
    /// in the console. Now a check keeps its poll like any poll, and a report only reads.
    @Test func reportAndCheckReadTheStore() throws {
        let store = TempFiles.storePath()
        let out = TempFiles.folder("warroom-report").appendingPathComponent("report.md").path
        let before = try Shell.run(bin, ["report", "--demo", "--store", store, "--out", out])
        #expect(before.status == 0, "\(before.error)")
        #expect(!(try String(contentsOfFile: out, encoding: .utf8)).contains("## Timeline (UTC)"), "a report's own poll made a timeline")
        #expect(try Shell.run(bin, ["check", "--demo", "--store", store]).status == 2)
        let r = try Shell.run(bin, ["report", "--demo", "--store", store, "--out", out])
        #expect(r.status == 0, "\(r.error)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        for needle in ["# P0 · Chat offline · staging (simulated)", "**ONGOING**", "## Services", "## Golden path · Chat", "## Timeline (UTC)",
                       "users cannot get past **User login**", "Golden path broken at User login"] {
            #expect(text.contains(needle), "report lacks \(needle):\n\(text)")
        }
        let entries = text.split(separator: "\n").filter { $0.hasPrefix("- ") && $0.contains(":") }.count
        #expect(try Shell.run(bin, ["report", "--demo", "--store", store, "--out", out]).status == 0)
        let again = try String(contentsOfFile: out, encoding: .utf8)
        #expect(again.split(separator: "\n").filter { $0.hasPrefix("- ") && $0.contains(":") }.count == entries, "a report added to the history:\n\(again)")
        #expect(again.components(separatedBy: "Golden path broken at User login").count == 2, "one break, as the check saw it:\n\(again)")
        let check = try Shell.run(bin, ["check", "--demo", "--format", "json", "--store", TempFiles.storePath()])
        #expect(check.status == 2)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as? [String: Any])
        let banners = try #require(doc["banners"] as? [[String: Any]])
        #expect(banners.first?["severity"] as? String == "P0")
        #expect(banners.first?["title"] as? String == "Chat offline")
        #expect(banners.first?["since"] is String)
    }
}
