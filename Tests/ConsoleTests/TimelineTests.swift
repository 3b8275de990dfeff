import Foundation
import Monitoring
import Testing
import TUI
@testable import Console

/// Every transition becomes a timeline event with a sentence; the panel and the full-screen
/// view show them newest first.
@Suite struct TimelineTests {
    func at(_ offset: TimeInterval) -> Date { Fixtures.start.addingTimeInterval(offset) }

    @Test func theOutageTellsItsStoryInOrder() {
        let s = Fixtures.outageState()
        let sentences = s.timeline.map(\.sentence)
        #expect(sentences.contains("backend-staging is down: HTTP 503 in 10 ms · Startup failed: Database initialization timeout after 20.0s in staging environment"))
        #expect(sentences.contains("staging-shared-postgres is degraded: connected in 1.4 s (slow: over 1s)"))
        #expect(sentences.contains("Golden path broken at User login: HTTP 503 in 6 ms · Login unavailable: backend offline; blocks WebSocket chat, Agent response"))
        #expect(sentences.contains("backend-staging startup failing (attempt 7): DATABASE timeout after 20.0s, exit 3 — Database initialization timeout after 20.0s in staging environment"))
        #expect(s.timeline.map(\.at) == s.timeline.map(\.at).sorted())
    }

    @Test func recoveriesAreEventsToo() throws {
        var s = Fixtures.outageState()
        let effects = Update.update(&s, Fixtures.result("backend", .ok, ms: 40, code: 200, reason: "HTTP 200 in 40 ms", at: 300))
        let event = try #require(s.timeline.last)
        #expect(event.kind == .serviceRecovered)
        #expect(event.sentence == "backend-staging recovered after 5m00s down: HTTP 200 in 40 ms")
        #expect(effects == [.persistEvents([event])])
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.passingWalk(at: 310))))
        #expect(s.timeline.last?.sentence == "Golden path passes again after 3m40s broken")
        // The same status again says nothing.
        #expect(Update.update(&s, Fixtures.result("backend", .ok, ms: 41, code: 200, reason: "HTTP 200 in 41 ms", at: 305)).isEmpty)
    }

    @Test func theTimelineKeyOpensAFullScreenViewNewestFirstThatScrolls() {
        var s = Fixtures.outageState()
        _ = Update.update(&s, .key(.char("t")))
        #expect(s.screen == .timeline)
        let text = ConsoleView.render(s, theme: .builtinDefault, size: Size(width: 120, height: 40), glyphs: .unicode).text
        let lines = text.split(separator: "\n").map(String.init)
        let newest = s.timeline.last!.sentence
        let oldest = s.timeline.first!.sentence
        let newestRow = lines.firstIndex { $0.contains(String(newest.prefix(40))) }
        let oldestRow = lines.firstIndex { $0.contains(String(oldest.prefix(40))) }
        #expect(newestRow != nil && oldestRow != nil && newestRow! < oldestRow!)
        #expect(text.contains("Timeline"))
        _ = Update.update(&s, .key(.down))
        #expect(s.timelineScroll == 1)
        let scrolled = ConsoleView.render(s, theme: .builtinDefault, size: Size(width: 120, height: 40), glyphs: .unicode).text
        #expect(!scrolled.contains(String(newest.prefix(40))))
        #expect(scrolled.contains("1 newer above"))
        _ = Update.update(&s, .key(.char("t")))
        #expect(s.screen == .overview)
    }

    @Test func theOverviewShowsTheNewestEventsWhenThereIsRoom() {
        let s = Fixtures.outageState()
        let text = ConsoleView.render(s, theme: .builtinDefault, size: Size(width: 120, height: 50), glyphs: .unicode).text
        #expect(text.contains("Timeline"))
        #expect(text.contains(String(s.timeline.last!.sentence.prefix(30))))
    }

    @Test func escapeSequencesInReasonsNeverReachTheScreen() {
        var s = AppState(config: Fixtures.config, now: Fixtures.start)
        _ = Update.update(&s, Fixtures.result("auth", .fail, ms: nil, reason: "boom \u{1B}]0;pwned\u{07}\u{1B}[2J", at: 1))
        _ = Update.update(&s, .key(.char("t")))
        let buffer = ConsoleView.render(s, theme: .builtinDefault, size: Size(width: 100, height: 30), glyphs: .unicode)
        #expect(!buffer.text.contains("\u{1B}"))
        #expect(buffer.text.contains("auth-staging is down: boom"))
    }

    @Test func memoryKeepsTheNewestEventsOnly() {
        var s = AppState(config: Fixtures.config, now: Fixtures.start)
        for i in 0..<(AppState.timelineLimit + 20) {
            _ = Update.update(&s, Fixtures.result("auth", i % 2 == 0 ? .fail : .ok, ms: 5, reason: "flap \(i)", at: TimeInterval(i)))
        }
        #expect(s.timeline.count == AppState.timelineLimit)
        #expect(s.timeline.last?.sentence.hasSuffix("flap \(AppState.timelineLimit + 19)") == true)
    }
}
