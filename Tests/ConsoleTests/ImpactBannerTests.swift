import Foundation
import Monitoring
import Testing
import TUI
@testable import Console

/// Banners from impact rules: raised with the impact's start, cleared only after the
/// condition has stayed false for `clear_after`, acknowledged with who and when, resumed
/// after a restart with the original start.
@Suite struct ImpactBannerTests {
    func at(_ offset: TimeInterval) -> Date { Fixtures.start.addingTimeInterval(offset) }

    @Test func theOutageRaisesP0AndP1WorstFirstWithTheirStarts() throws {
        let s = Fixtures.outageState()
        #expect(s.banners.map(\.id) == ["chat-offline", "backend-crashloop"])
        let p0 = s.banners[0]
        #expect(p0.record.raisedAt == at(90))
        #expect(p0.line(now: s.now, redactor: s.redactor) == "P0 · Chat offline · $500K+ ARR pipeline blocked · User login fails · down 25s")
        #expect(s.banners[1].line(now: s.now, redactor: s.redactor) == "P1 · Backend crash-looping · DATABASE timeout after 20.0s · exit 3 · 7 restarts")
        #expect(s.timeline.filter { $0.kind == .bannerRaised }.count == 2)
    }

    @Test func theDurationIsLive() {
        var s = Fixtures.outageState()
        _ = Update.update(&s, .tick(at(90 + 7980)))
        #expect(s.banners[0].text(now: s.now, redactor: s.redactor).hasSuffix("down 2h13m"))
    }

    @Test func raisingEmitsEventsAndARecordToStore() {
        var s = AppState(config: Fixtures.config, now: Fixtures.start)
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.failingWalk(at: 5))))
        let effects = Update.update(&s, .tick(at(6)))
        #expect(effects.contains(.persistBanner(BannerRecord(ruleID: "chat-offline", raisedAt: at(5), lastHeldAt: at(6)))))
        #expect(effects.contains { if case .persistEvents(let e) = $0 { return e.contains { $0.kind == .bannerRaised } } else { return false } })
    }

    @Test func aBannerClearsOnlyAfterTheConditionStaysFalseForClearAfter() throws {
        var s = Fixtures.outageState()
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.passingWalk(at: 120))))
        _ = Update.update(&s, .tick(at(121)))
        let waiting = try #require(s.banners.first { $0.id == "chat-offline" })
        #expect(!waiting.holding)
        #expect(ConsoleView.render(s, theme: .builtinDefault, size: Size(width: 120, height: 40), glyphs: .unicode).text.contains("recovering"))
        // It flaps back within clear_after: the same banner, with its first start.
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.failingWalk(at: 150))))
        _ = Update.update(&s, .tick(at(151)))
        #expect(s.banners.first { $0.id == "chat-offline" }?.record.raisedAt == at(90))
        #expect(s.timeline.filter { $0.kind == .bannerRaised && $0.subject == "chat-offline" }.count == 1)
        // Passing again: still up 59 s later, gone at 60 s.
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.passingWalk(at: 160))))
        _ = Update.update(&s, .tick(at(161)))
        _ = Update.update(&s, .tick(at(151 + 59)))
        #expect(s.banners.contains { $0.id == "chat-offline" })
        let effects = Update.update(&s, .tick(at(151 + 61)))
        #expect(!s.banners.contains { $0.id == "chat-offline" })
        let cleared = try #require(s.resolved.first)
        #expect(cleared.record.clearedAt == at(212))
        #expect(effects.contains(.persistBanner(cleared.record)))
        let event = try #require(s.timeline.last)
        #expect(event.kind == .bannerCleared)
        #expect(event.sentence == "P0 · Chat offline cleared after 1m01s")
    }

    @Test func acknowledgingTakesTheTopUnacknowledgedBannerAndRecordsWhoAndWhen() throws {
        var s = Fixtures.outageState()
        s.operatorName = "alice"
        let effects = Update.update(&s, .key(.char("a")))
        #expect(s.banners[0].record.acknowledgedBy == "alice")
        #expect(s.banners[0].record.acknowledgedAt == s.now)
        #expect(effects.contains(.persistBanner(s.banners[0].record)))
        #expect(s.timeline.last?.sentence == "P0 · Chat offline acknowledged by alice")
        _ = Update.update(&s, .key(.char("a")))
        #expect(s.banners[1].record.acknowledgedBy == "alice")
        #expect(Update.update(&s, .key(.char("a"))).isEmpty)
        #expect(s.flash?.text == "every banner is acknowledged")
        let screen = ConsoleView.render(s, theme: .builtinDefault, size: Size(width: 120, height: 40), glyphs: .unicode)
        #expect(screen.text.contains("acked by alice 16:49"))
        // Acknowledged banners are drawn in the quieter style.
        let row = try #require(screen.text.split(separator: "\n").firstIndex { $0.contains("P0 · Chat offline") })
        #expect(screen[2, row].style == Theme.builtinDefault.style(.bannerAcked))
    }

    @Test func aRestartResumesARecentBannerWithItsOriginalStart() {
        let record = BannerRecord(ruleID: "chat-offline", raisedAt: at(-7980), lastHeldAt: at(-30), acknowledgedBy: "bob", acknowledgedAt: at(-600))
        let stale = BannerRecord(ruleID: "backend-crashloop", raisedAt: at(-90_000), lastHeldAt: at(-80_000))
        var s = AppState(config: Fixtures.config, now: Fixtures.start, restored: RestoredHistory(histories: [:], timeline: [], banners: [record, stale]))
        #expect(s.banners.map(\.id) == ["chat-offline"])
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.failingWalk(at: 2))))
        _ = Update.update(&s, .tick(at(3)))
        #expect(s.banners.first?.record.raisedAt == at(-7980))
        #expect(s.banners.first?.record.acknowledgedBy == "bob")
        #expect(s.banners.first?.text(now: s.now, redactor: s.redactor).hasSuffix("down 2h13m") == true)
    }

    @Test func aResumedBannerWhoseConditionNoLongerHoldsClearsAfterClearAfter() {
        let record = BannerRecord(ruleID: "chat-offline", raisedAt: at(-600), lastHeldAt: at(-10))
        var s = AppState(config: Fixtures.config, now: Fixtures.start, restored: RestoredHistory(histories: [:], timeline: [], banners: [record]))
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.passingWalk(at: 1))))
        _ = Update.update(&s, .tick(at(49)))
        #expect(s.banners.count == 1)
        _ = Update.update(&s, .tick(at(51)))
        #expect(s.banners.isEmpty)
    }

    @Test func missingTemplateValuesShowPlainly() {
        let rule = ImpactRule(id: "x", severity: .p2, title: "Odd", text: "{arr} at risk · {nobody}", condition: .goldenPathFailing)
        let banner = ImpactBanner(rule: rule, record: BannerRecord(ruleID: "x", raisedAt: Fixtures.start, lastHeldAt: Fixtures.start), values: [:], holding: true)
        #expect(banner.line(now: Fixtures.start, redactor: .none) == "P2 · Odd · [no arr] at risk · [no nobody]")
    }

    @Test func bannersStackUnderTheHeaderWorstFirstAndFitSmallScreens() {
        let s = Fixtures.outageState()
        let text = ConsoleView.render(s, theme: .builtinDefault, size: Size(width: 80, height: 24), glyphs: .unicode).text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1].hasPrefix(" P0 · Chat offline"))
        #expect(lines[2].hasPrefix(" P1 · Backend crash-looping"))
        #expect(lines.count == 24)
        // At the minimum size a single line holds the worst banner and says how many more.
        let tiny = ConsoleView.render(s, theme: .builtinDefault, size: Size(width: 40, height: 12), glyphs: .unicode).text
        let tinyLines = tiny.split(separator: "\n").map(String.init)
        #expect(tinyLines[1].contains("+2 more banners") || tinyLines[1].contains("P0"))
    }

    @Test func checkJSONCarriesBannersAndExitsTwoForP0() throws {
        let s = Fixtures.outageState()
        let report = CheckReport(state: s)
        #expect(report.exitStatus == 2)
        let json = try report.json()
        #expect(json.contains("\"severity\" : \"P0\""))
        #expect(json.contains("\"title\" : \"Chat offline\""))
        #expect(json.contains("\"since\" : \"2026-11-25T16:48:46Z\""))
        var quiet = AppState(config: Fixtures.config, now: Fixtures.start)
        _ = Update.update(&quiet, Fixtures.result("backend", .fail, ms: 5, code: 503, reason: "HTTP 503", at: 1))
        _ = Update.update(&quiet, .tick(at(2)))
        #expect(CheckReport(state: quiet).exitStatus == 1)
    }
}
