import Foundation
import Monitoring
import Testing
import TestSupport
@testable import Console

/// The written status update: pinned as a snapshot for the demo outage, and free of empty
/// sections and unsafe text.
@Suite struct IncidentReportTests {
    @Test func theOutageReport() {
        var s = Fixtures.outageState()
        s.operatorName = "alice"
        _ = Update.update(&s, .key(.char("a")))
        assertSnapshot(IncidentReport(state: s).markdown(), named: "report-outage.md")
    }

    @Test func theReportSaysWhatAnIncidentCommanderWould() {
        let text = IncidentReport(state: Fixtures.outageState()).markdown()
        for needle in ["# P0 · Chat offline · staging", "**ONGOING**", "2 of 5 services failing", "Started: 2026-11-25 16:48:46 UTC",
                       "$500K+ ARR pipeline blocked", "## Services", "| backend-staging | FAIL |", "## Golden path · Chat",
                       "users cannot get past **User login**", "## Startup · backend-staging", "in **DATABASE**: timeout after 20.0s of a 20.0s budget, exit code 3",
                       "## Timeline (UTC)", "Not acknowledged yet"] {
            #expect(text.contains(needle), "missing \(needle)")
        }
        #expect(!text.contains("## Actions taken"), "no runbook ran, so no empty section")
        // Failing services come first.
        let backend = text.range(of: "| backend-staging |")!.lowerBound
        let auth = text.range(of: "| auth-staging |")!.lowerBound
        #expect(backend < auth)
    }

    @Test func aQuietConsoleWritesAShortReportWithNoEmptySections() {
        var s = AppState(config: Fixtures.config, now: Fixtures.start)
        for id in ["backend", "agent-api", "auth", "frontend", "db"] {
            _ = Update.update(&s, Fixtures.result(id, .ok, ms: 5, code: 200, reason: "HTTP 200 in 5 ms", at: 1))
        }
        _ = Update.update(&s, .tick(Fixtures.start.addingTimeInterval(2)))
        let text = IncidentReport(state: s).markdown()
        #expect(text.hasPrefix("# All clear · staging"))
        #expect(!text.contains("## Business impact"))
        #expect(!text.contains("## Startup"))
        #expect(!text.contains("## Timeline"))
        #expect(text.contains("Not walked yet."))
        // No heading is followed directly by another heading or the end.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() where line.hasPrefix("#") {
            let next = lines.dropFirst(i + 1).first { !$0.isEmpty }
            #expect(next.map { !$0.hasPrefix("#") && !$0.hasPrefix("_Written") } ?? false, "empty section \(line)")
        }
    }

    @Test func textFromOutsideIsMadeSafeForMarkdownTables() {
        var s = AppState(config: Fixtures.config, now: Fixtures.start)
        _ = Update.update(&s, Fixtures.result("auth", .fail, ms: nil, reason: "a | b \u{1B}[31mred\u{1B}[0m\nnext", at: 1))
        let text = IncidentReport(state: s).markdown()
        #expect(text.contains("| a \\| b red next |"))
        #expect(!text.contains("\u{1B}"))
    }

    @Test func aResolvedIncidentSaysSo() {
        var s = Fixtures.outageState()
        for id in ["backend", "agent-api", "db"] {
            _ = Update.update(&s, Fixtures.result(id, .ok, ms: 5, code: 200, reason: "HTTP 200 in 5 ms", at: 200))
        }
        _ = Update.update(&s, .monitor(.startup(StartupUpdate(serviceID: "backend", report: StartupReport(attempt: 9, state: "ready", phases: [
            StartupPhase(name: "INIT", status: .ok, elapsed: 0.4, timeout: 5)]), problem: nil, at: Fixtures.start.addingTimeInterval(200)))))
        _ = Update.update(&s, .tick(Fixtures.start.addingTimeInterval(199)))
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.passingWalk(at: 200))))
        _ = Update.update(&s, .tick(Fixtures.start.addingTimeInterval(201)))
        _ = Update.update(&s, .tick(Fixtures.start.addingTimeInterval(262)))
        #expect(s.banners.isEmpty)
        let text = IncidentReport(state: s).markdown()
        #expect(text.hasPrefix("# All clear · staging"))
        #expect(text.contains("**RESOLVED**"))
        #expect(text.contains("- Resolved: P0 · Chat offline — from 16:48:46 to 16:50:35 UTC (1m49s), cleared at 16:51:38"), "\(text)")
        #expect(text.contains("- Last impact: P0 · Chat offline, 2026-11-25 16:48:46 UTC to 2026-11-25 16:50:35 UTC (1m49s)"), "\(text)")
    }
}
