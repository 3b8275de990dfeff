import Foundation
import Testing
@testable import Monitoring

/// Impact rules: reading them from config, deciding when they hold, filling their text.
@Suite struct ImpactTests {
    let now = Date(timeIntervalSince1970: 1_795_625_236)

    func service(_ id: String, _ status: CheckStatus, since offset: TimeInterval, failedPhase: StartupPhase? = nil,
                 history: ServiceHistory? = nil) -> ImpactInputs.Service {
        ImpactInputs.Service(id: id, name: "\(id)-staging", status: status, since: now.addingTimeInterval(offset),
                             failedPhase: failedPhase, failingStartupSince: failedPhase.map { _ in now.addingTimeInterval(-300) },
                             startup: failedPhase.map { StartupReport(attempt: 7, exitCode: 3, restarts: 6, phases: [$0]) },
                             exitCode: failedPhase.map { _ in 3 }, history: history)
    }

    func walk(passing: Bool) -> GoldenPathRun {
        GoldenPathRun(startedAt: now, finishedAt: now, steps: passing ? [
            GoldenPathStepResult(id: "login", name: "User login", status: .pass, reason: "HTTP 200"),
            GoldenPathStepResult(id: "chat", name: "WebSocket chat", status: .pass, reason: "ok"),
        ] : [
            GoldenPathStepResult(id: "login", name: "User login", status: .fail, code: 503, reason: "HTTP 503 in 6 ms"),
            GoldenPathStepResult(id: "chat", name: "WebSocket chat", status: .blocked, reason: "blocked"),
        ])
    }

    @Test func goldenPathFailingHoldsSinceTheFirstFailureWithStepValues() throws {
        let since = now.addingTimeInterval(-7980)
        let failing = ImpactInputs(now: now, services: [], goldenPath: walk(passing: false), goldenPathSince: since)
        let match = try #require(ImpactEvaluator.evaluate(.goldenPathFailing, failing))
        #expect(match.since == since)
        #expect(match.values["failing_step"] == "User login")
        #expect(match.values["blocked_steps"] == "WebSocket chat")
        #expect(ImpactEvaluator.evaluate(.goldenPathFailing, ImpactInputs(now: now, services: [], goldenPath: walk(passing: true), goldenPathSince: nil)) == nil)
        #expect(ImpactEvaluator.evaluate(.goldenPathFailing, ImpactInputs(now: now, services: [], goldenPath: nil, goldenPathSince: nil)) == nil)
    }

    @Test func serviceFailingNeedsTheMinimumDuration() throws {
        let rule = ImpactCondition.serviceFailing(services: ["backend"], for: Seconds(120))
        let young = ImpactInputs(now: now, services: [service("backend", .fail, since: -60)], goldenPath: nil, goldenPathSince: nil)
        #expect(ImpactEvaluator.evaluate(rule, young) == nil)
        let old = ImpactInputs(now: now, services: [service("backend", .fail, since: -121)], goldenPath: nil, goldenPathSince: nil)
        let match = try #require(ImpactEvaluator.evaluate(rule, old))
        #expect(match.since == now.addingTimeInterval(-121))
        #expect(match.values["services"] == "backend-staging")
        let degraded = ImpactInputs(now: now, services: [service("backend", .warn, since: -600)], goldenPath: nil, goldenPathSince: nil)
        #expect(ImpactEvaluator.evaluate(rule, degraded) == nil)
    }

    @Test func serviceFailingWithNoServicesMeansAnyService() throws {
        let inputs = ImpactInputs(now: now, services: [service("auth", .ok, since: -10), service("db", .fail, since: -30), service("web", .fail, since: -5)],
                                  goldenPath: nil, goldenPathSince: nil)
        let match = try #require(ImpactEvaluator.evaluate(.serviceFailing(services: [], for: Seconds(0)), inputs))
        #expect(match.values["services"] == "db-staging, web-staging")
        #expect(match.since == now.addingTimeInterval(-30))
    }

    @Test func phaseFailedMatchesThePhaseByNameAndCarriesItsFacts() throws {
        let timeout = StartupPhase(name: "DATABASE", status: .timeout, elapsed: 20, timeout: 20, error: "Database initialization timeout after 20.0s")
        let inputs = ImpactInputs(now: now, services: [service("backend", .fail, since: -60, failedPhase: timeout)], goldenPath: nil, goldenPathSince: nil)
        let match = try #require(ImpactEvaluator.evaluate(.phaseFailed(service: "backend", phase: "database"), inputs))
        #expect(match.values["phase"] == "DATABASE")
        #expect(match.values["phase_status"] == "timeout")
        #expect(match.values["phase_elapsed"] == "20.0s")
        #expect(match.values["exit_code"] == "3")
        #expect(match.values["restarts"] == "6")
        #expect(match.since == now.addingTimeInterval(-300))
        #expect(ImpactEvaluator.evaluate(.phaseFailed(service: "backend", phase: "CACHE"), inputs) == nil)
        let healthy = ImpactInputs(now: now, services: [service("backend", .ok, since: -60)], goldenPath: nil, goldenPathSince: nil)
        #expect(ImpactEvaluator.evaluate(.phaseFailed(service: "backend", phase: nil), healthy) == nil)
    }

    @Test func availabilityBelowUsesTheWindow() throws {
        var history = ServiceHistory(checkID: "backend")
        // 40 minutes ago: 60 good results; the last 20 minutes: 60 failures.
        for i in 0..<60 { history.count(.ok, at: now.addingTimeInterval(-2400 + Double(i) * 20)) }
        for i in 0..<60 { history.count(.fail, at: now.addingTimeInterval(-1200 + Double(i) * 20)) }
        let inputs = ImpactInputs(now: now, services: [service("backend", .fail, since: -1200, history: history)], goldenPath: nil, goldenPathSince: nil)
        let hour = try #require(ImpactEvaluator.evaluate(.availabilityBelow(service: "backend", window: Seconds(3600), percent: 95), inputs))
        #expect(hour.values["availability"] == "50.0%")
        #expect(ImpactEvaluator.evaluate(.availabilityBelow(service: "backend", window: Seconds(3600), percent: 40), inputs) == nil)
        let noData = ImpactInputs(now: now, services: [service("backend", .fail, since: -10)], goldenPath: nil, goldenPathSince: nil)
        #expect(ImpactEvaluator.evaluate(.availabilityBelow(service: "backend", window: Seconds(3600), percent: 95), noData) == nil)
    }

    @Test func anyTakesTheEarliestStartAndAllTheLatest() throws {
        let inputs = ImpactInputs(now: now, services: [service("a", .fail, since: -600), service("b", .fail, since: -60)], goldenPath: nil, goldenPathSince: nil)
        let a = ImpactCondition.serviceFailing(services: ["a"], for: Seconds(0))
        let b = ImpactCondition.serviceFailing(services: ["b"], for: Seconds(0))
        let c = ImpactCondition.serviceFailing(services: ["c"], for: Seconds(0))
        #expect(try #require(ImpactEvaluator.evaluate(.any([a, b]), inputs)).since == now.addingTimeInterval(-600))
        let both = try #require(ImpactEvaluator.evaluate(.all([a, b]), inputs))
        #expect(both.since == now.addingTimeInterval(-60))
        #expect(both.values["services"] == "a-staging, b-staging")
        #expect(ImpactEvaluator.evaluate(.all([a, c]), inputs) == nil)
        #expect(ImpactEvaluator.evaluate(.any([c]), inputs) == nil)
    }

    @Test func templatesSayWhatIsMissingInsteadOfCrashing() {
        #expect(ImpactText.render("{arr} blocked · down {duration}", values: ["arr": "$500K+ ARR", "duration": "2h13m"]) == "$500K+ ARR blocked · down 2h13m")
        #expect(ImpactText.render("{arr} blocked", values: [:]) == "[no arr] blocked")
        #expect(ImpactText.render("{ arr } {empty}", values: ["arr": "x", "empty": ""]) == "x [no empty]")
        #expect(ImpactText.render("unclosed {arr", values: ["arr": "x"]) == "unclosed {arr")
        #expect(ImpactText.render("{{literal}} {}", values: [:]) == "{literal}} [no ]")
        #expect(ImpactText.render("", values: ["a": "b"]) == "")
        #expect(ImpactText.render("}{", values: [:]) == "}{")
    }

    @Test func rulesReadFromConfigWithTheirErrorsNamingLineAndKey() throws {
        let base = """
        environment: staging
        services:
          - { id: backend, name: backend, check: { type: tcp, host: 127.0.0.1, port: 1 } }
        impact:
        """
        let good = try WarroomConfig.parse(base + """

          - id: chat-offline
            severity: p0
            title: Chat offline
            text: "{arr} pipeline blocked · down {duration}"
            values: { arr: "$500K+ ARR" }
            when: { any: [ { golden_path: failing }, { service_failing: { service: backend, for: 2m } } ] }
            clear_after: 1m
          - id: slow
            severity: P3
            title: Backend availability
            when: { availability_below: { service: backend, window: 24h, percent: "99.5%" } }
        """, file: "w.yaml", environment: [:])
        #expect(good.impact.count == 2)
        #expect(good.impact[0].severity == .p0)
        #expect(good.impact[0].clearAfter == Seconds(60))
        #expect(good.impact[0].condition == .any([.goldenPathFailing, .serviceFailing(services: ["backend"], for: Seconds(120))]))
        #expect(good.impact[1].condition == .availabilityBelow(service: "backend", window: Seconds(86_400), percent: 99.5))
        #expect(good.impact[1].clearAfter == Seconds(60))

        let cases: [(String, String)] = [
            ("\n  - { id: a, severity: P5, title: t, when: { golden_path: failing } }", "w.yaml:5"),
            ("\n  - { id: a, severity: P1, title: t, when: { service_failing: nobody } }", "service 'nobody'"),
            ("\n  - { id: a, severity: P1, title: t, when: { golden_path: failing, service_failing: backend } }", "one condition per item"),
            ("\n  - { id: a, severity: P1, title: t, when: { sky_falling: yes } }", "unknown condition 'sky_falling'"),
            ("\n  - { id: a, severity: P1, title: t, when: { availability_below: { service: backend, percent: 120 } } }", "between 0 and 100"),
            ("\n  - { id: a, severity: P1, title: t, when: { all: [] } }", "at least one condition"),
            ("\n  - { id: a, severity: P1, title: t, when: { golden_path: failing } }\n  - { id: a, severity: P2, title: u, when: { golden_path: failing } }", "duplicate impact rule id 'a'"),
            ("\n  - { id: a, severity: P1, when: { golden_path: failing } }", "title"),
        ]
        for (yaml, needle) in cases {
            do {
                _ = try WarroomConfig.parse(base + yaml, file: "w.yaml", environment: [:])
                Issue.record("accepted: \(yaml)")
            } catch let e as ConfigErrors {
                #expect("\(e)".contains(needle), "\(yaml) → \(e)")
                #expect("\(e)".contains("w.yaml:"), "no file:line in \(e)")
            }
        }
    }
}
