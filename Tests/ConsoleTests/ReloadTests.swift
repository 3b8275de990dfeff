import Foundation
import Monitoring
import Testing
import TestSupport
import TUI
@testable import Console

/// Reloading the config while the console runs (`L`, SIGUSR1): what stays, what changes, and
/// what a refused config leaves on screen.
@Suite struct ReloadTests {
    static func config(_ yaml: String) -> WarroomConfig {
        try! WarroomConfig.parse(yaml, file: "staging.yaml", environment: [:])
    }

    /// The errors a bad config gives, as the loader reports them.
    static func errors(_ yaml: String) -> ConfigErrors {
        do {
            _ = try WarroomConfig.parse(yaml, file: "staging.yaml", environment: [:])
        } catch let e as ConfigErrors {
            return e
        } catch {
            Issue.record("unexpected error \(error)")
        }
        Issue.record("the config was expected to be refused")
        return ConfigErrors([])
    }

    /// The outage, watched from `staging.yaml`.
    static func state() -> AppState {
        var s = Fixtures.outageState()
        s.configFile = "staging.yaml"
        return s
    }

    /// The fixture with frontend replaced by payments and auth renamed and moved.
    static let editedYAML = Fixtures.yaml
        .replacingOccurrences(of: """
              - id: frontend
                name: frontend-staging
                check: { type: http, url: "http://127.0.0.1:8080/frontend/health" }
            """, with: """
              - id: payments
                name: payments-api
                check: { type: http, url: "http://127.0.0.1:8080/payments/health" }
            """)
        .replacingOccurrences(of: "name: auth-staging\n    check: { type: http, url: \"http://127.0.0.1:8080/auth/health\" }",
                              with: "name: auth-eu\n    check: { type: http, url: \"http://127.0.0.1:9090/auth/health\" }")
        .replacingOccurrences(of: "environment: staging", with: "environment: staging-eu")

    func frame(_ s: AppState, _ w: Int = 120, _ h: Int = 40) -> String {
        ConsoleView.render(s, theme: .builtinDefault, size: Size(width: w, height: h), glyphs: .unicode).text
    }

    // MARK: Asking

    @Test func keyLAsksToReadTheConfigFileAgain() {
        var s = Self.state()
        #expect(Update.update(&s, .key(.char("L"))) == [.reloadConfig(path: "staging.yaml")])
        #expect(Update.update(&s, .signal(.reloadConfig)) == [.reloadConfig(path: "staging.yaml")])
        #expect(Update.update(&s, .key(.char("l"))) == [], "lower-case l is not reload")
    }

    @Test func aBuiltInConfigHasNothingToReload() {
        var s = Fixtures.outageState()
        #expect(s.configFile == nil)
        #expect(Update.update(&s, .key(.char("L"))) == [])
        #expect(s.flash?.text == "the demo's config is built in: nothing to reload")
        #expect(Update.update(&s, .signal(.reloadConfig)) == [])
        #expect(!frame(s).contains("L reload config"), "no reload hint without a file")
        #expect(frame(Self.state()).contains("L reload config"))
    }

    @Test func readOnlyConsolesReload() {
        var s = Self.state()
        s.readOnly = true
        #expect(Update.update(&s, .key(.char("L"))) == [.reloadConfig(path: "staging.yaml")])
    }

    @Test func aWallboardIgnoresLButReloadsOnTheSignal() {
        var s = WallTests.state()
        s.configFile = "staging.yaml"
        #expect(Update.update(&s, .key(.char("L"))) == [])
        #expect(s.flash == nil)
        #expect(Update.update(&s, .signal(.reloadConfig)) == [.reloadConfig(path: "staging.yaml")])
    }

    // MARK: A good config

    @Test func unchangedServicesKeepWhatTheyHaveSeen() throws {
        var s = Self.state()
        _ = Update.update(&s, .key(.char("j")))
        _ = Update.update(&s, .key(.char("j")))
        #expect(s.selectedService?.id == "auth")
        let auth = s.services[2], backend = s.services[0]
        let effects = Update.update(&s, .configReloaded(Self.config(Self.editedYAML)))

        #expect(s.services.map(\.id) == ["backend", "agent-api", "auth", "payments", "db"])
        #expect(s.selectedService?.id == "auth", "the selection follows the service, not the row")
        let kept = s.services[2]
        #expect(kept.name == "auth-eu")
        #expect(kept.config.check == Self.config(Self.editedYAML).services[2].check)
        #expect(kept.status == auth.status && kept.since == auth.since && kept.checks == auth.checks)
        #expect(kept.history == auth.history && kept.samples.count == 24)
        #expect(kept.nameWidth == 7)
        #expect(s.services[0].startup == backend.startup && s.services[0].lastFailure == backend.lastFailure)
        let added = s.services[3]
        #expect(added.status == .unknown && added.reason == "waiting for first check" && added.checks == 0)
        #expect(s.count(.unknown) == 1 && s.count(.ok) == 1 && s.count(.fail) == 2 && s.count(.warn) == 1)
        #expect(s.widestName == TextWidth.of("staging-shared-postgres"))
        #expect(s.environment == "staging-eu")

        #expect(s.flash?.text == "config reloaded: 5 services (+1 −1)")
        let event = try #require(s.timeline.last { $0.kind == .configReloaded })
        #expect(event.sentence == "Config reloaded from staging.yaml: 5 services (+1 −1) · added payments-api · removed frontend-staging")
        #expect(effects == [.persistEvents([event])])
        #expect(s.configLoadedAt == s.now)

        // A result for the removed service (from the monitor being replaced) is ignored.
        #expect(Update.update(&s, Fixtures.result("frontend", .fail, ms: 1, reason: "late", at: 119)).isEmpty)
        _ = Update.update(&s, Fixtures.result("payments", .ok, ms: 4, code: 200, reason: "HTTP 200 in 4 ms", at: 120))
        #expect(s.services[3].status == .ok && s.count(.unknown) == 0 && s.count(.ok) == 2)
        let text = frame(s)
        #expect(text.contains("payments-api") && text.contains("auth-eu"))
        #expect(text.split(separator: "\n").filter { $0.contains("frontend-staging") }.allSatisfy { $0.contains("Config reloaded") },
                "frontend-staging is only named by the reload's timeline event:\n\(text)")
        #expect(text.contains("staging-eu"))
    }

    @Test func aRemovedSelectionStaysOnTheSameRow() {
        var s = Self.state()
        s.selected = 3
        #expect(s.selectedService?.id == "frontend")
        _ = Update.update(&s, .configReloaded(Self.config(Self.editedYAML)))
        #expect(s.selected == 3 && s.selectedService?.id == "payments")
    }

    @Test func aStartupSourceLeftOutOfTheConfigTakesItsStatusAlong() {
        var s = Self.state()
        let yaml = Fixtures.yaml.replacingOccurrences(of: "    startup: { type: http, url: \"http://127.0.0.1:8080/backend/startup\" }\n", with: "")
        #expect(yaml != Fixtures.yaml)
        _ = Update.update(&s, .configReloaded(Self.config(yaml)))
        #expect(s.services[0].status == .fail, "its check results stay")
        #expect(s.services[0].startup == nil && s.services[0].lastFailure == nil)
        #expect(s.startupFocus == nil)
    }

    @Test func bannersWhoseRulesRemainKeepTheirStartAndAcknowledgement() throws {
        var s = Self.state()
        s.operatorName = "alice"
        #expect(s.banners.map(\.id) == ["chat-offline", "backend-crashloop"])
        _ = Update.update(&s, .key(.char("a")))
        let chat = s.banners[0]
        #expect(chat.record.acknowledgedBy == "alice")
        let yaml = String(Fixtures.yaml[..<Fixtures.yaml.range(of: "  - id: backend-crashloop")!.lowerBound])
            .replacingOccurrences(of: "title: Chat offline", with: "title: Chat down")
        let effects = Update.update(&s, .configReloaded(Self.config(yaml)))

        #expect(s.banners.map(\.id) == ["chat-offline"])
        #expect(s.banners[0].record == chat.record, "same start, same acknowledgement")
        #expect(s.banners[0].rule.title == "Chat down")
        #expect(s.rules.map(\.id) == ["chat-offline"])
        let withdrawn = try #require(effects.compactMap { if case .persistBanner(let r) = $0 { return r } else { return nil } }.first)
        #expect(withdrawn.ruleID == "backend-crashloop" && withdrawn.clearedAt == s.now)
        #expect(s.timeline.contains { $0.kind == .bannerCleared && $0.sentence == "P1 · Backend crash-looping withdrawn: its rule is no longer in the config" })
        // Later ticks go on with the kept banner and do not raise the withdrawn one again.
        _ = Update.update(&s, .tick(s.now.addingTimeInterval(5)))
        #expect(s.banners.map(\.id) == ["chat-offline"] && s.banners[0].record.raisedAt == chat.record.raisedAt)
    }

    @Test func theGoldenPathKeepsItsLastWalkWhileItsStepsStayTheSame() {
        var s = Self.state()
        let walk = s.goldenPath?.lastRun
        _ = Update.update(&s, .configReloaded(Self.config(Fixtures.yaml.replacingOccurrences(of: "interval: 30s", with: "interval: 1m"))))
        #expect(s.goldenPath?.lastRun == walk && s.goldenPath?.passing == false)
        #expect(s.goldenPath?.spec.interval == Seconds(60))
        let fewer = Fixtures.yaml.replacingOccurrences(
            of: "    - id: agent\n      name: Agent response\n      check: { type: http, url: \"http://127.0.0.1:8080/agent?t=${token}\" }\n", with: "")
        #expect(fewer != Fixtures.yaml)
        _ = Update.update(&s, .configReloaded(Self.config(fewer)))
        #expect(s.goldenPath?.spec.steps.map(\.id) == ["login", "chat"])
        #expect(s.goldenPath?.lastRun == nil, "other steps: the old walk says nothing about them")
    }

    @Test func runsGoOnAndPromptsAboutStepsClose() {
        var s = RunbookMenuTests.state()
        s.configFile = "staging.yaml"
        _ = Update.update(&s, .key(.char("x")))
        _ = Update.update(&s, .key(.enter))
        #expect(s.openRunbook?.id == "outage")
        let started = Update.update(&s, .key(.enter))
        #expect(s.runningCount == 1 && started.count == 2)
        _ = Update.update(&s, .key(.down))
        _ = Update.update(&s, .key(.down))
        _ = Update.update(&s, .key(.enter))
        #expect(s.runbookMenu.prompt != nil, "restart is dangerous: its phrase is asked")
        _ = Update.update(&s, .configReloaded(Self.config(RunbookMenuTests.yaml)))
        #expect(s.runbookMenu.prompt == nil)
        #expect(s.runningCount == 1, "the running step is not touched")
        #expect(s.openRunbook?.id == "outage")
        #expect(s.flash?.text == "config reloaded: 5 services (+0 −0) · run prompt closed: ask again")
        // Without runbooks the menu closes.
        _ = Update.update(&s, .configReloaded(Self.config(Fixtures.yaml)))
        #expect(s.screen == .overview && s.openRunbook == nil && s.runningCount == 1)
    }

    @Test func aWallboardPageForARemovedServiceTurnsBackToTheOverview() {
        var s = WallTests.state()
        s.wall?.page = .details(serviceID: "frontend")
        _ = Update.update(&s, .configReloaded(Self.config(Self.editedYAML)))
        #expect(s.wall?.page == .overview)
    }

    // MARK: A bad config

    static let badYAML = Fixtures.yaml.replacingOccurrences(of: "check: { type: tcp, host: 10.1.0.5", with: "chek: { type: tcp, host: 10.1.0.5")

    @Test func aBadConfigChangesNothingAndSaysWhyUntilAGoodOne() throws {
        var s = Self.state()
        let before = s
        let effects = Update.update(&s, .configRejected(Self.errors(Self.badYAML)))
        #expect(s.services == before.services && s.rules == before.rules && s.banners == before.banners)
        #expect(s.goldenPath == before.goldenPath && s.environment == before.environment && s.selected == before.selected)
        #expect(s.configLoadedAt == before.configLoadedAt)
        let rejection = try #require(s.configRejection)
        #expect(rejection.problem.hasPrefix("staging.yaml:21:5: services[4].check:"), "\(rejection.problem)")
        let event = try #require(s.timeline.last)
        #expect(event.kind == .configRejected)
        #expect(event.sentence.hasPrefix("Config not reloaded: staging.yaml:21:5: services[4].check:"))
        #expect(event.sentence.hasSuffix("still watching with the config loaded at 16:47:16 UTC"))
        #expect(effects == [.persistEvents([event])])

        // On screen, on every page, until a reload succeeds; ticks and results do not clear it.
        _ = Update.update(&s, .tick(s.now.addingTimeInterval(60)))
        _ = Update.update(&s, Fixtures.result("auth", .ok, ms: 9, code: 200, reason: "HTTP 200 in 9 ms", at: 180))
        for screen in [frame(s), frame(s, 80, 24), frame(s, 60, 20)] {
            let flat = screen.replacingOccurrences(of: "\n", with: " ")
            #expect(flat.contains("config not reloaded: staging.yaml:21:5: services[4]"), "\(screen)")
        }
        let wide = frame(s).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(wide.contains("services[4].check: required key 'check' is missing (+1 more problem) — still watching with the config loaded at 16:47:16 UTC"))
        _ = Update.update(&s, .key(.char("t")))
        #expect(frame(s).contains("config not reloaded"))
        var wall = s
        wall.wall = WallState(rotateEvery: 0, now: s.now)
        #expect(frame(wall).contains("config not reloaded"))

        _ = Update.update(&s, .configReloaded(Self.config(Fixtures.yaml)))
        #expect(s.configRejection == nil)
        #expect(!frame(s).contains("config not reloaded"))
        #expect(s.configLoadedAt == s.now)
    }

    @Test func theNoticeCountsTheOtherProblems() {
        func problem(_ count: Int) -> String {
            let errors = (1...count).map { ConfigError(file: "staging.yaml", line: $0, key: "services[\($0)].id", message: "missing") }
            return ConfigRejection(ConfigErrors(errors), redactor: .none).problem
        }
        #expect(problem(1) == "staging.yaml:1: services[1].id: missing")
        #expect(problem(2) == "staging.yaml:1: services[1].id: missing (+1 more problem)")
        #expect(problem(3) == "staging.yaml:1: services[1].id: missing (+2 more problems)")
    }

    @Test func textFromTheFileIsMadeSafeToDraw() {
        let hostile = ConfigErrors([ConfigError(file: "staging.yaml", line: 3, key: "environment",
                                                message: "found '\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31mred\nline' token s3cr3t")])
        let rejection = ConfigRejection(hostile, redactor: SecretRedactor(["s3cr3t"]))
        #expect(rejection.problem == "staging.yaml:3: environment: found 'red line' token •••")
        #expect(!rejection.problem.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    // MARK: The runtime

    @Test func theRuntimeCarriesTheReloadOutAndTakesInItsResult() {
        let backend = TestBackend(size: Size(width: 120, height: 40), events: [])
        let inbox = Inbox()
        let handler = ReloadingHandler(answer: .configReloaded(Self.config(Self.editedYAML)), inbox: inbox)
        let runtime = ConsoleRuntime(state: Self.state(), theme: .builtinDefault, backend: backend, effects: handler, inbox: inbox)
        #expect(runtime.send(.key(.char("L"))) == nil)
        #expect(handler.paths == ["staging.yaml"])
        #expect(!runtime.state.services.contains { $0.id == "payments" }, "the answer comes back through the inbox, not at once")
        for message in inbox.drain() { #expect(runtime.send(message) == nil) }
        #expect(runtime.state.services.contains { $0.id == "payments" })
        #expect(handler.persisted.contains { $0.kind == .configReloaded }, "the reload is kept in the store")

        handler.answer = .configRejected(Self.errors(Self.badYAML))
        #expect(runtime.send(.signal(.reloadConfig)) == nil)
        for message in inbox.drain() { #expect(runtime.send(message) == nil) }
        #expect(handler.paths == ["staging.yaml", "staging.yaml"])
        #expect(runtime.state.services.contains { $0.id == "payments" }, "the last good config stays")
        #expect(runtime.state.configRejection != nil)
        #expect(handler.persisted.contains { $0.kind == .configRejected })
    }
}

/// Answers a reload with a given message, through the inbox as the real one does, and records
/// what it was asked.
final class ReloadingHandler: EffectHandler {
    var answer: Msg
    let inbox: Inbox
    var paths: [String] = []
    var persisted: [TimelineEvent] = []

    init(answer: Msg, inbox: Inbox) {
        self.answer = answer
        self.inbox = inbox
    }

    func reloadConfig(path: String) {
        paths.append(path)
        inbox.post(answer)
    }

    func persist(_ events: [TimelineEvent]) { persisted += events }
    func pollNow(_ ids: [String]?) {}
    func walkGoldenPath() {}
    func persist(_ banner: BannerRecord) {}
    func writeReport(_ state: AppState) {}
    func start(_ request: StepRequest) {}
    func cancel(run: UUID) {}
    func stopAllRuns() {}
}
