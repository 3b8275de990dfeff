import Foundation
import Monitoring
import Testing
import TUI
@testable import Console

/// The runbook menus as pure state: ordering by what is failing, forms, confirmations,
/// `A`'s chain, cancelling, quitting with runs going, and read-only mode.
@Suite struct RunbookMenuTests {
    static let yaml = Fixtures.yaml + """

    runbooks:
      - id: unrelated
        title: Rotate the frontend's logs
        steps:
          - { id: rotate, title: Rotate logs, run: [/bin/true] }
      - id: outage
        title: Restore staging chat
        remedies: { services: [backend], banners: [chat-offline] }
        steps:
          - id: check
            title: Check timeouts
            run: [/bin/echo, check]
          - id: scale
            title: Scale the connector
            run: [/bin/echo, scale]
          - id: restart
            title: Restart the backend
            run: [/bin/echo, restart]
            safety: dangerous
          - id: validate
            title: Validate health
            run: [/bin/echo, ok]
          - id: rollback
            title: Roll back
            run: [/bin/echo, "{revision}"]
            safety: confirm
            params:
              - { name: revision, pattern: 'rev-[0-9]+' }
    """

    static func state(readOnly: Bool = false) -> AppState {
        let config = try! WarroomConfig.parse(yaml, file: "staging.yaml", environment: [:])
        var s = Fixtures.outageState()
        s.runbooks = config.runbooks
        s.readOnly = readOnly
        s.operatorName = "alice"
        return s
    }

    func press(_ s: inout AppState, _ keys: Key...) -> [Effect] {
        var all: [Effect] = []
        for k in keys { all += Update.update(&s, .key(k)) }
        return all
    }

    func started(_ effects: [Effect]) -> [StepRequest] {
        effects.compactMap { if case .startStep(let r) = $0 { return r } else { return nil } }
    }

    func finish(_ s: inout AppState, _ request: StepRequest, _ verdict: RunVerdict, at offset: TimeInterval = 130) -> [Effect] {
        let at = Fixtures.start.addingTimeInterval(offset)
        _ = Update.update(&s, .runbook(.started(id: request.runID, runbookID: request.runbookID, stepID: request.stepID, at: at, outputPath: "/tmp/out.log")))
        _ = Update.update(&s, .runbook(.output(id: request.runID, lines: ["line one", "line two"], bytes: 18)))
        return Update.update(&s, .runbook(.finished(id: request.runID, verdict: verdict, exitCode: verdict == .ok ? 0 : 1, reason: "exit 0 in 0.1 s", at: at, bytes: 18)))
    }

    @Test func runbooksForWhatIsFailingComeFirstAndSayWhy() {
        var s = Self.state()
        _ = press(&s, .char("x"))
        #expect(s.screen == .runbooks)
        let ordered = s.orderedRunbooks
        #expect(ordered.map(\.runbook.id) == ["outage", "unrelated"])
        #expect(ordered[0].because == ["backend-staging failing", "P0 Chat offline"])
        let text = ConsoleView.render(s, theme: .builtinDefault, size: Size(width: 100, height: 30), glyphs: .unicode).text
        #expect(text.contains("★ Restore staging chat"))
        #expect(text.contains("remedies: backend-staging failing, P0 Chat offline"))
    }

    @Test func enterRunsAPlainStepAndItsResultShows() throws {
        var s = Self.state()
        let effects = press(&s, .char("x"), .enter, .enter)
        let request = try #require(started(effects).first)
        #expect(request.stepID == "check")
        #expect(s.timeline.last?.sentence == "alice ran Check timeouts (Restore staging chat)")
        let after = finish(&s, request, .ok)
        #expect(after.contains(.persistEvents([s.timeline.last!])))
        #expect(s.timeline.last?.sentence == "Check timeouts (Restore staging chat): OK · exit 0 in 0.1 s")
        let text = ConsoleView.render(s, theme: .builtinDefault, size: Size(width: 120, height: 40), glyphs: .unicode).text
        #expect(text.contains("✔ OK"))
        #expect(text.contains("line two"))
        #expect(text.contains("full output: /tmp/out.log"))
    }

    @Test func aDangerousStepRunsOnlyWithItsPhraseTypedExactly() throws {
        var s = Self.state()
        _ = press(&s, .char("x"), .enter, .down, .down)
        #expect(started(press(&s, .enter)).isEmpty)
        guard case .typePhrase(_, let phrase, _)? = s.runbookMenu.prompt else { Issue.record("no phrase prompt"); return }
        #expect(phrase == "restart")
        // A wrong phrase runs nothing.
        _ = press(&s, .char("r"), .char("e"), .enter)
        #expect(s.runbookMenu.prompt == nil)
        #expect(s.flash?.text == "the phrase did not match: not run")
        // Esc runs nothing.
        _ = press(&s, .enter, .char("r"), .escape)
        #expect(s.runbookMenu.prompt == nil)
        var effects = press(&s, .enter)
        for c in "restart" { effects += press(&s, .char(c)) }
        #expect(started(effects).isEmpty)
        let request = try #require(started(press(&s, .enter)).first)
        #expect(request.stepID == "restart")
    }

    @Test func parametersAreAskedForAndRefusedByTheirRules() throws {
        var s = Self.state()
        _ = press(&s, .char("x"), .enter, .end)
        _ = press(&s, .down, .down, .down, .down)
        _ = press(&s, .enter)
        guard case .form? = s.runbookMenu.prompt else { Issue.record("no form"); return }
        for c in "rev;rm" { _ = press(&s, .char(c)) }
        #expect(started(press(&s, .enter)).isEmpty)
        guard case .form(let form)? = s.runbookMenu.prompt else { Issue.record("the form closed"); return }
        #expect(form.fields[0].refusal == "revision: 'rev;rm' does not match rev-[0-9]+")
        let text = ConsoleView.render(s, theme: .builtinDefault, size: Size(width: 100, height: 30), glyphs: .unicode).text
        #expect(text.contains("does not match rev-[0-9]+"))
        for _ in 0..<6 { _ = press(&s, .backspace) }
        for c in "rev-42" { _ = press(&s, .char(c)) }
        _ = press(&s, .enter)
        guard case .confirm(let request)? = s.runbookMenu.prompt else { Issue.record("no confirmation"); return }
        #expect(request.values == ["revision": "rev-42"])
        #expect(started(press(&s, .char("n"))).isEmpty)
        _ = press(&s, .enter)
        for c in "rev-42" { _ = press(&s, .char(c)) }
        _ = press(&s, .enter)
        #expect(started(press(&s, .char("y"))).first?.values == ["revision": "rev-42"])
    }

    @Test func runRestGoesOnWhileStepsPassAndStopsAtAFailureOrAConfirmation() throws {
        var s = Self.state()
        let first = try #require(started(press(&s, .char("x"), .enter, .char("A"))).first)
        #expect(first.stepID == "check")
        let second = try #require(started(finish(&s, first, .ok)).first)
        #expect(second.stepID == "scale")
        #expect(started(finish(&s, second, .ok)).isEmpty)
        #expect(s.runbookMenu.selectedStep == 2)
        #expect(s.flash?.text == "A stopped at Restart the backend: it needs confirmation — Enter to go on")
        // Confirming the paused step carries the chain on.
        var effects = press(&s, .enter)
        for c in "restart" { effects += press(&s, .char(c)) }
        let third = try #require(started(press(&s, .enter)).first)
        #expect(third.stepID == "restart")
        let fourth = try #require(started(finish(&s, third, .ok)).first)
        #expect(fourth.stepID == "validate")
        // A failure stops it.
        var t = Self.state()
        let a = try #require(started(press(&t, .char("x"), .enter, .char("A"))).first)
        #expect(started(finish(&t, a, .regression)).isEmpty)
        #expect(t.flash?.text == "A stopped: Check timeouts REGRESSION")
    }

    @Test func cancelAsksTheRunnerToStopTheSelectedRun() throws {
        var s = Self.state()
        let request = try #require(started(press(&s, .char("x"), .enter, .enter)).first)
        #expect(press(&s, .char("c")) == [.cancelRun(request.runID)])
        #expect(press(&s, .ctrl("c")) == [.cancelRun(request.runID)])
        _ = finish(&s, request, .cancelled)
        #expect(s.flash?.text != nil)
        // With nothing running, Ctrl-C is quit again.
        #expect(press(&s, .ctrl("c")) == [.quit(130)])
    }

    @Test func quittingWithRunsGoingAsksFirstThenStopsThem() throws {
        var s = Self.state()
        _ = press(&s, .char("x"), .enter, .enter)
        _ = press(&s, .escape, .escape)
        #expect(press(&s, .char("q")).isEmpty)
        #expect(s.runbookMenu.prompt == .quitWhileRunning(count: 1))
        #expect(press(&s, .char("n")).isEmpty)
        _ = press(&s, .char("q"))
        #expect(press(&s, .char("y")) == [.stopAllRuns, .quit(0)])
        #expect(Update.update(&s, .signal(.terminate)) == [.stopAllRuns, .quit(143)])
    }

    @Test func readOnlyRunsNothingWhateverIsPressed() {
        var s = Self.state(readOnly: true)
        var effects: [Effect] = []
        let keys: [Key] = [.char("x"), .enter, .enter, .char("A"), .char("y"), .down, .down, .enter]
        for k in keys { effects += press(&s, k) }
        for c in "restart" { effects += press(&s, .char(c)) }
        effects += press(&s, .enter, .down, .down, .enter, .char("y"), .char("A"), .char("c"))
        // Every printable key, on every screen.
        for screen in [AppState.Screen.overview, .runbooks] {
            s.screen = screen
            for scalar in (32...126).compactMap(UnicodeScalar.init) where scalar != "q" {
                effects += press(&s, .char(Character(scalar)), .enter)
            }
        }
        #expect(started(effects).isEmpty)
        #expect(!effects.contains(.stopAllRuns))
        #expect(s.runs.isEmpty)
        _ = press(&s, .char("x"), .enter, .enter)
        #expect(s.flash?.text == "read-only: nothing runs from this console")
    }
}
