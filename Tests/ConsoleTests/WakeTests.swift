import Foundation
import Monitoring
import Testing
import TUI
@testable import Console

/// When the loop wakes, with a fake clock: a posted result is taken in at once; an idle
/// console sleeps until the next moment its screen would read differently, and no sooner.
@Suite struct WakeTests {
    /// A console watching one check polled every hour, its last result `age` seconds old.
    static func quiet(age: TimeInterval, interval: String = "1h") -> AppState {
        let config = try! WarroomConfig.parse("""
        environment: quiet
        services:
          - { id: a, name: alpha, check: { type: tcp, host: h, port: 1, interval: \(interval) } }
        """, file: "q.yaml", environment: [:])
        var s = AppState(config: config, now: Fixtures.start)
        _ = Update.update(&s, Fixtures.result("a", .ok, ms: 3, code: nil, reason: "connected in 3 ms", at: 0))
        _ = Update.update(&s, .tick(Fixtures.start.addingTimeInterval(age)))
        return s
    }

    /// A runtime on a fake clock that each wait moves on by exactly what was asked: the
    /// console as it would run if nothing happened but time.
    final class FakeClock {
        var now: Date
        init(_ now: Date) { self.now = now }
        func withLock<T>(_ body: (inout Date) -> T) -> T { body(&now) }
    }

    final class Harness {
        let backend = TestBackend(size: Size(width: 120, height: 40))
        let now: FakeClock
        let runtime: ConsoleRuntime

        init(_ state: AppState) {
            let now = FakeClock(state.now)
            self.now = now
            runtime = ConsoleRuntime(state: state, theme: .builtinDefault, backend: backend, effects: nil, clock: { now.now })
            backend.beforeEvent = { ms in now.now = now.now.addingTimeInterval(Double(ms) / 1000) }
        }

        /// Runs the loop until the fake clock has moved `seconds` on.
        func idle(for seconds: TimeInterval) {
            let end = now.now.addingTimeInterval(seconds)
            while now.now < end { _ = runtime.step() }
        }
    }

    @Test func anIdleConsoleSleepsUntilTheNextMinute() {
        let h = Harness(Self.quiet(age: 600.25))
        _ = h.runtime.send(.tick(h.now.withLock { $0 }))
        let framesBefore = h.runtime.framesRendered
        h.idle(for: 600)
        let frames = h.runtime.framesRendered - framesBefore
        // Ten minutes: the clock turns ten times; the SINCE and "checked … ago" texts turn with it.
        #expect(frames >= 10 && frames <= 21, "\(frames) frames in ten idle minutes")
        #expect(h.backend.waits.allSatisfy { $0 >= 1000 }, "woke sooner than a second: \(h.backend.waits)")
        #expect(h.backend.waits.max() ?? 0 <= 60_000)
        // Nothing a frame sends but what changed: each idle frame is a few cells.
        let idleCells = h.backend.cellsSent.suffix(frames)
        #expect(idleCells.allSatisfy { $0 < 60 }, "\(Array(idleCells))")
    }

    @Test func theWaitEndsExactlyWhenATextWouldChange() {
        // Last result 5 minutes 0.25 s ago: "5m" turns "6m" 59.75 s from now, the clock sooner.
        let s = Self.quiet(age: 300.25)
        let next = s.nextVisibleChange()!
        let clock = Formatting.nextMinute(after: s.now)
        let since = Fixtures.start.addingTimeInterval(360)
        #expect(next == min(clock, since))
        // A state in its first ten seconds turns each second, then every five; a flash when it goes.
        #expect(Self.quiet(age: 12.5).nextVisibleChange() == Fixtures.start.addingTimeInterval(15))
        var young = Self.quiet(age: 5.5)
        #expect(young.nextVisibleChange() == Fixtures.start.addingTimeInterval(6))
        young.flash = AppState.Flash(text: "hi", until: young.now.addingTimeInterval(0.2))
        #expect(young.nextVisibleChange() == young.now.addingTimeInterval(0.2))
    }

    @Test func aCheckThatStopsReportingTurnsLateOnTimeWithoutAnyResult() {
        // Polled every 10 s with a 10 s timeout: late 25 s after its last result.
        let s = Self.quiet(age: 20.5, interval: "10s")
        #expect(s.lateCount == 0)
        let h = Harness(s)
        for _ in 0..<100 where h.runtime.state.lateCount == 0 { _ = h.runtime.step() }
        #expect(h.runtime.state.lateCount == 1, "the header says a check is late once it is")
        #expect(h.runtime.state.now <= Fixtures.start.addingTimeInterval(25.001), "woke when it turned late, not later")
        let text = ConsoleView.render(h.runtime.state, theme: .builtinDefault, size: Size(width: 120, height: 40), glyphs: .unicode).text
        #expect(text.split(separator: "\n")[0].contains("1 check late"), "\(text.split(separator: "\n")[0])")
    }

    @Test func aPostedResultIsTakenInWithoutWaiting() {
        let h = Harness(Self.quiet(age: 600.25))
        _ = h.runtime.send(.tick(h.now.withLock { $0 }))
        h.runtime.inbox.post(Fixtures.result("a", .fail, ms: nil, reason: "connect refused", at: 600.3))
        _ = h.runtime.step()
        #expect(h.backend.waits.last == 0, "the loop waited with a message in its inbox (it only looks at the keyboard)")
        #expect(h.runtime.state.services[0].status == .fail)
    }

    @Test func aFloodOfResultsIsOneFrame() {
        let h = Harness(Self.quiet(age: 600.25))
        _ = h.runtime.send(.tick(h.now.withLock { $0 }))
        let frames = h.runtime.framesRendered
        h.now.now = h.now.now.addingTimeInterval(1)
        for i in 0..<500 { h.runtime.inbox.post(Fixtures.result("a", .ok, ms: 3, reason: "connected in 3 ms", at: 600.3 + Double(i) / 1000)) }
        _ = h.runtime.step()
        #expect(h.runtime.framesRendered == frames + 1)
    }

    /// Two services polled every 10 s, `a` selected; both answered at 0 s, ten minutes ago.
    static func pair() -> AppState {
        let config = try! WarroomConfig.parse("""
        environment: pair
        services:
          - { id: a, name: alpha, check: { type: tcp, host: h, port: 1, interval: 10s } }
          - { id: b, name: beta, check: { type: tcp, host: h, port: 2, interval: 10s } }
        """, file: "p.yaml", environment: [:])
        var s = AppState(config: config, now: Fixtures.start)
        _ = Update.update(&s, Fixtures.result("a", .ok, ms: 3, code: nil, reason: "connected in 3 ms", at: 0))
        _ = Update.update(&s, Fixtures.result("b", .ok, ms: 3, code: nil, reason: "connected in 3 ms", at: 0))
        _ = Update.update(&s, .tick(Fixtures.start.addingTimeInterval(0.5)))
        return s
    }

    @Test func aResultLikeTheLastDrawsNothing() {
        let h = Harness(Self.pair())
        _ = h.runtime.send(.tick(h.now.withLock { $0 }))
        let frames = h.runtime.framesRendered
        // Same status, reason, code, latency and trend for the unselected service: no frame
        // (past the pacing, within the second: a visible change would be drawn at once).
        h.now.now = h.now.now.addingTimeInterval(0.1)
        h.runtime.inbox.post(Fixtures.result("b", .ok, ms: 3, code: nil, reason: "connected in 3 ms", at: 0.6))
        _ = h.runtime.step()
        #expect(h.runtime.framesRendered == frames, "a result that changes nothing visible drew a frame")
        #expect(h.runtime.state.services[1].checks == 2, "the result was taken in all the same")
        // A new reason is drawn.
        h.now.now = h.now.now.addingTimeInterval(0.1)
        h.runtime.inbox.post(Fixtures.result("b", .ok, ms: 3, code: nil, reason: "connected in 3 ms, slow handshake", at: 0.7))
        _ = h.runtime.step()
        #expect(h.runtime.framesRendered == frames + 1)
        #expect(h.backend.current!.text.contains("slow handshake"))
        // The selected service's details count every check: its results are always drawn.
        h.now.now = h.now.now.addingTimeInterval(0.1)
        h.runtime.inbox.post(Fixtures.result("a", .ok, ms: 3, code: nil, reason: "connected in 3 ms", at: 0.8))
        _ = h.runtime.step()
        #expect(h.runtime.framesRendered == frames + 2)
    }

    @Test func aWallboardTileDrawsOnlyWhenItsStatusChanges() {
        var state = Self.pair()
        state.wall = WallState(rotateEvery: 0, now: state.now)
        let h = Harness(state)
        _ = h.runtime.send(.tick(h.now.withLock { $0 }))
        let frames = h.runtime.framesRendered
        // A tile shows status and name: a new latency and reason draw nothing, on any service
        // (within the second, so that no duration turns meanwhile).
        h.now.now = h.now.now.addingTimeInterval(0.2)
        h.runtime.inbox.post(Fixtures.result("a", .ok, ms: 9, code: nil, reason: "connected in 9 ms", at: 0.7))
        h.runtime.inbox.post(Fixtures.result("b", .ok, ms: 7, code: nil, reason: "connected in 7 ms", at: 0.7))
        _ = h.runtime.step()
        #expect(h.runtime.framesRendered == frames)
        h.now.now = h.now.now.addingTimeInterval(0.2)
        h.runtime.inbox.post(Fixtures.result("b", .fail, ms: nil, code: nil, reason: "refused", at: 0.9))
        _ = h.runtime.step()
        #expect(h.runtime.framesRendered == frames + 1)
    }

    @Test func resultsCloseTogetherAreOneFrameAndKeysNeverWait() {
        let h = Harness(Self.pair())
        _ = h.runtime.send(.tick(h.now.withLock { $0 }))
        let frames = h.runtime.framesRendered
        h.runtime.inbox.post(Fixtures.result("b", .fail, ms: nil, code: nil, reason: "refused", at: 0.51))
        _ = h.runtime.step()
        // Within the pacing of the last frame: held, and the loop sleeps only until it runs out.
        #expect(h.runtime.framesRendered == frames)
        h.now.now = h.now.now.addingTimeInterval(0.01)
        h.runtime.inbox.post(Fixtures.result("b", .fail, ms: nil, code: nil, reason: "refused again", at: 0.52))
        // The next turn sleeps until the pacing runs out, takes in what came meanwhile, and draws once.
        _ = h.runtime.step()
        #expect(h.runtime.framesRendered == frames + 1, "the held frame is drawn when the pacing runs out")
        #expect(h.backend.waits.last.map { $0 > 0 && $0 <= h.runtime.framePacingMilliseconds } == true, "\(h.backend.waits)")
        #expect(h.backend.current!.text.contains("refused again"))
        // A key right after a frame is drawn at once.
        h.backend.events = [.key(.down)]
        _ = h.runtime.step()
        #expect(h.runtime.framesRendered == frames + 2)
        #expect(h.runtime.state.selected == 1)
    }

    @Test func theInboxNeverDropsWhatIsNotAResult() {
        let inbox = Inbox(limit: 100)
        inbox.post(.key(.char("a")))
        for i in 0..<500 { inbox.post(Fixtures.result("a", .ok, ms: 3, reason: "ok", at: Double(i))) }
        inbox.post(.flash("kept"))
        let drained = inbox.drain()
        #expect(drained.count <= 100)
        #expect(drained.first.map { if case .key = $0 { true } else { false } } == true)
        #expect(drained.contains { if case .flash("kept") = $0 { true } else { false } })
    }
}
