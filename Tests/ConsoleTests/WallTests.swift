import Foundation
import Monitoring
import Testing
import TestSupport
import TUI
@testable import Console

/// The wallboard: block digits for the outage's duration, pages that turn, and no key but
/// quit doing anything.
@Suite struct WallTests {
    static func state(rotate: TimeInterval = 10) -> AppState {
        var s = RunbookMenuTests.state()
        s.readOnly = true
        s.wall = WallState(rotateEvery: rotate, now: s.now)
        return s
    }

    func frame(_ s: AppState, _ w: Int = 120, _ h: Int = 40, glyphs: GlyphSet = .unicode) -> String {
        ConsoleView.render(s, theme: .builtinDefault, size: Size(width: w, height: h), glyphs: glyphs).text
    }

    @Test func theOverviewShowsTheOutageForAReaderAcrossTheRoom() {
        let text = frame(Self.state())
        assertSnapshot(text, named: "wall-120x40")
        #expect(text.contains("P0 · Chat offline"))
        // "28s" in block digits: five rows of full blocks.
        let blockRows = text.split(separator: "\n").filter { $0.contains("█") }
        #expect(blockRows.count == 5)
        #expect(text.contains("User login ✖ 503"))
        #expect(text.contains("✖ backend-staging startup: DATABASE timeout after 20.0s of 20.0s · exit 3 · 7 restarts"))
        #expect(!text.contains("a ack"))
        #expect(text.contains("q quit"))
        #expect(text.contains("WALL · overview (1/"))
    }

    @Test func blockDigitsAreASCIIWithoutUTF8() {
        let text = frame(Self.state(), glyphs: .ascii)
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        let hashRows = text.split(separator: "\n").filter { $0.contains("###") }.count
        #expect(hashRows >= 3)
    }

    @Test func pagesTurnOnTheirIntervalAndComeRound() {
        var s = Self.state(rotate: 10)
        var seen: [WallState.Page] = [s.wall!.page]
        for i in 1...12 {
            _ = Update.update(&s, .tick(s.now.addingTimeInterval(5)))
            if i % 2 == 0 { seen.append(s.wall!.page) }
        }
        #expect(seen.prefix(6) == [.overview, .timeline, .details(serviceID: "backend"), .details(serviceID: "agent-api"), .details(serviceID: "db"), .overview])
        s.wall!.page = .timeline
        #expect(frame(s).contains("Timeline"))
        s.wall!.page = .details(serviceID: "backend")
        #expect(frame(s).contains("Startup · backend-staging"))
    }

    @Test func noKeyButQuitDoesAnything() {
        var s = Self.state()
        let before = s
        var effects: [Effect] = []
        let keys: [Key] = [.enter, .escape, .tab, .backspace, .up, .down, .pageUp, .pageDown, .home, .end, .ctrl("x")]
            + (32...126).compactMap(UnicodeScalar.init).map { Key.char(Character($0)) }.filter { $0 != .char("q") && $0 != .char("T") }
        for k in keys { effects += Update.update(&s, .key(k)) }
        #expect(effects.isEmpty)
        #expect(s.screen == before.screen && s.runs.isEmpty && s.runbookMenu == before.runbookMenu)
        #expect(s.banners.map(\.record) == before.banners.map(\.record), "nothing acknowledged")
        #expect(Update.update(&s, .key(.char("q"))) == [.quit(0)])
    }

    @Test(arguments: [(120, 40), (80, 24), (60, 20), (40, 12)])
    func everySizeFits(_ w: Int, _ h: Int) {
        let lines = frame(Self.state(), w, h).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == h)
        #expect(lines.allSatisfy { TextWidth.of(String($0)) <= w })
        #expect(lines.contains { $0.contains("P0") })
    }
}
