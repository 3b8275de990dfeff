import Foundation
import Testing
import TestSupport
import TUI
@testable import Console

/// The whole screen as text, at the sizes operators use.
@Suite struct ScreenSnapshotTests {
    func frame(_ state: AppState, _ w: Int, _ h: Int, glyphs: GlyphSet = .unicode) -> String {
        ConsoleView.render(state, theme: .builtinDefault, size: Size(width: w, height: h), glyphs: glyphs).text
    }

    @Test func overview120x40() {
        assertSnapshot(frame(Fixtures.outageState(), 120, 40), named: "overview-120x40")
    }

    @Test func overview120x40ShowsPhasesAndGoldenPath() {
        let text = frame(Fixtures.outageState(), 120, 40)
        for needle in ["Golden path · Chat", "User login ✖ 503 → WebSocket chat ⊘ blocked → Agent response ⊘ blocked",
                       "Startup · backend-staging", "attempt 8 · starting · 7 restarts", "3 DATABASE", "   12s /  20.0s",
                       "attempt 7: DATABASE timeout after 20.0s · exit 3 · Database initialization timeout after 20.0s in staging"] {
            #expect(text.contains(needle), "missing \(needle)")
        }
    }

    @Test func overview80x24() {
        let text = frame(Fixtures.outageState(), 80, 24)
        assertSnapshot(text, named: "overview-80x24")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 24)
        #expect(lines.allSatisfy { TextWidth.of(String($0)) <= 80 })
        for name in ["backend-staging", "auth-staging", "frontend-staging", "FAIL", "503", "User login ✖ 503", "WebSocket chat ⊘ blocked",
                     "Agent response ⊘ blocked", "DATABASE", "running", "attempt 8", "7 restarts", "attempt 7: DATABASE timeout after 20.0s · exit 3"] {
            #expect(text.contains(name), "80x24 lost \(name)")
        }
    }

    @Test func overviewASCII() {
        let text = frame(Fixtures.outageState(), 100, 30, glyphs: .ascii)
        assertSnapshot(text, named: "overview-100x30-ascii")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func details120x40() {
        var state = Fixtures.outageState()
        _ = Update.update(&state, .key(.enter))
        assertSnapshot(frame(state, 120, 40), named: "details-120x40")
    }

    @Test func help80x24() {
        var state = Fixtures.outageState()
        _ = Update.update(&state, .key(.char("?")))
        assertSnapshot(frame(state, 80, 24), named: "help-80x24")
    }

    @Test func minimalViews() {
        let state = Fixtures.outageState()
        let small = frame(state, 60, 20)
        assertSnapshot(small, named: "overview-60x20")
        let tiny = frame(state, 40, 12)
        assertSnapshot(tiny, named: "overview-40x12")
        for (text, w) in [(small, 60), (tiny, 40)] {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.allSatisfy { TextWidth.of(String($0)) <= w })
            for needle in ["P0 · Chat offline", "Chat ✖ User login 503 · 2 blocked", "✖ backend-staging", "q quit"] {
                #expect(text.contains(needle), "\(w) wide lost \(needle)")
            }
        }
        #expect(tiny.contains("✔ auth-staging"))
    }

    @Test func beforeTheFirstResults() {
        let state = AppState(config: Fixtures.config, now: Fixtures.start)
        let text = frame(state, 80, 24)
        #expect(text.contains("WAITING FOR CHECKS"))
        #expect(text.contains("waiting for first check"))
    }

    @Test func tooSmallSaysSo() {
        #expect(frame(Fixtures.outageState(), 39, 30).hasPrefix("terminal too small (need 40x12)\n"))
        #expect(frame(Fixtures.outageState(), 30, 8) == "too small: need 40x12" + String(repeating: "\n", count: 7))
    }

    @Test func everySizeRendersWithinBounds() {
        let state = Fixtures.outageState()
        for w in stride(from: 1, through: 200, by: 7) {
            for h in stride(from: 1, through: 60, by: 5) {
                let b = ConsoleView.render(state, theme: .builtinDefault, size: Size(width: w, height: h), glyphs: .unicode)
                #expect(b.lines.count == h)
                #expect(b.lines.allSatisfy { TextWidth.of($0) <= w })
            }
        }
    }
}
