import Foundation
import Monitoring
import Testing
import TUI
@testable import Console

@Suite struct UpdateTests {
    @Test func keysMoveTheSelectionWithinBounds() {
        var s = Fixtures.outageState()
        #expect(s.selected == 0)
        _ = Update.update(&s, .key(.up))
        #expect(s.selected == 0)
        _ = Update.update(&s, .key(.char("j")))
        _ = Update.update(&s, .key(.down))
        #expect(s.selected == 2)
        _ = Update.update(&s, .key(.char("G")))
        #expect(s.selected == 4)
        _ = Update.update(&s, .key(.pageDown))
        #expect(s.selected == 4)
        _ = Update.update(&s, .key(.home))
        #expect(s.selected == 0)
    }

    @Test func rePollAsksForEveryCheckOrTheSelectedOne() {
        var s = Fixtures.outageState()
        #expect(Update.update(&s, .key(.char("r"))) == [.pollNow(nil)])
        #expect(s.flash?.text == "re-polling all 5 checks")
        _ = Update.update(&s, .key(.enter))
        #expect(Update.update(&s, .key(.char("r"))) == [.pollNow(["backend"])])
    }

    @Test func flashExpires() {
        var s = Fixtures.outageState()
        _ = Update.update(&s, .key(.char("r")))
        _ = Update.update(&s, .tick(s.now.addingTimeInterval(4)))
        #expect(s.flash == nil)
    }

    @Test func quitKeysAndSignals() {
        var s = Fixtures.outageState()
        #expect(Update.update(&s, .key(.char("q"))) == [.quit(0)])
        #expect(Update.update(&s, .key(.ctrl("c"))) == [.quit(130)], "as shells report an interrupted program")
        #expect(Update.update(&s, .signal(.terminate)) == [.quit(143)])
        #expect(Update.update(&s, .signal(.interrupt)) == [.quit(130)])
        #expect(Update.update(&s, .signal(.hangup)) == [.abandon])
    }

    @Test func helpClosesOnAnyKey() {
        var s = Fixtures.outageState()
        _ = Update.update(&s, .key(.char("?")))
        #expect(s.screen == .help)
        _ = Update.update(&s, .key(.char("x")))
        #expect(s.screen == .overview)
    }

    @Test func statusChangeResetsSince() {
        var s = Fixtures.outageState()
        let before = s.services[2].since
        _ = Update.update(&s, Fixtures.result("auth", .ok, ms: 9, code: 200, reason: "HTTP 200 in 9 ms", at: 200))
        #expect(s.services[2].since == before)
        _ = Update.update(&s, Fixtures.result("auth", .fail, ms: nil, reason: "connect refused", at: 205))
        #expect(s.services[2].since == Fixtures.start.addingTimeInterval(205))
        #expect(s.services[2].samples.last! == nil)
    }

    @Test func goldenPathKeyAndRuns() {
        var s = Fixtures.outageState()
        #expect(s.goldenPath?.passing == false)
        #expect(Update.update(&s, .key(.char("g"))) == [.walkGoldenPath])
        _ = Update.update(&s, .monitor(.goldenPathStarted(s.now)))
        #expect(s.goldenPath?.walking == true)
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.passingWalk(at: 130))))
        #expect(s.goldenPath?.walking == false)
        #expect(s.goldenPath?.passing == true)
        #expect(s.goldenPath?.since == Fixtures.start.addingTimeInterval(130))
        #expect(s.goldenPath?.walks == 2 && s.goldenPath?.failedWalks == 1)
    }

    @Test func aFailingGoldenPathMakesTheWholeStateFail() {
        var s = AppState(config: Fixtures.config, now: Fixtures.start)
        for id in ["backend", "agent-api", "auth", "frontend", "db"] {
            _ = Update.update(&s, Fixtures.result(id, .ok, ms: 5, reason: "fine", at: 1))
        }
        #expect(s.overall == .ok)
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.failingWalk(at: 2))))
        #expect(s.overall == .fail)
    }

    @Test func aFailedAttemptStaysInViewWhileTheNextRuns() {
        var s = Fixtures.outageState()
        let backend = s.services[0]
        #expect(backend.startup?.report?.attempt == 8)
        #expect(backend.startup?.report?.failingPhase == nil)
        #expect(backend.lastFailure?.attempt == 7)
        #expect(backend.lastFailure?.phase.name == "DATABASE")
        #expect(backend.lastFailure?.exitCode == 3)
        // A startup that completes clears it.
        var ok = Fixtures.startup(attempt: 9, at: 130)
        ok.report!.phases = ok.report!.phases.map { var p = $0; p.status = .ok; p.elapsed = 1; return p }
        _ = Update.update(&s, .monitor(.startup(ok)))
        #expect(s.services[0].lastFailure == nil)
    }

    @Test func theStartupPanelFollowsTheSelectionOrTheFailure() {
        var s = Fixtures.outageState()
        #expect(s.startupFocus?.id == "backend")
        _ = Update.update(&s, .key(.down))
        #expect(s.startupFocus?.id == "backend", "agent-api has no startup source; the failing one stays in view")
    }

    @Test func resultsForUnknownChecksAreIgnored() {
        var s = Fixtures.outageState()
        let before = s.services
        #expect(Update.update(&s, Fixtures.result("nope", .fail, ms: 1, reason: "x", at: 1)).isEmpty)
        #expect(s.services == before)
    }

    @Test func samplesAreBounded() {
        var s = Fixtures.outageState()
        for i in 0..<500 { _ = Update.update(&s, Fixtures.result("frontend", .ok, ms: 3, reason: "ok", at: Double(i))) }
        #expect(s.services[3].samples.count == ServiceState.sampleLimit)
    }

    @Test func runtimeDrawsOnlyChangesAfterTheFirstFrame() {
        let backend = TestBackend(size: Size(width: 100, height: 30), events: [])
        let runtime = ConsoleRuntime(state: Fixtures.outageState(), theme: .builtinDefault, backend: backend, effects: nil)
        #expect(runtime.send(.tick(Fixtures.start.addingTimeInterval(118))) == nil)
        #expect(runtime.send(.tick(Fixtures.start.addingTimeInterval(118))) == nil)
        #expect(backend.cellsSent[0] == 3000)
        #expect(backend.cellsSent[1] == 0)
        _ = runtime.send(.key(.down))
        #expect(backend.cellsSent[2] > 0 && backend.cellsSent[2] < 3000)
        #expect(runtime.send(.key(.char("q"))) == .quit(0))
    }
}
