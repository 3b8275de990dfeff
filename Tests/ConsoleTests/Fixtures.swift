import Foundation
import Monitoring
@testable import Console

/// A fixed world for screen tests: the outage's services, results and a frozen clock.
enum Fixtures {
    static let start = Date(timeIntervalSince1970: 1_795_625_236)  // 2026-11-25 16:47:16 UTC

    static let yaml = """
    environment: staging
    services:
      - id: backend
        name: backend-staging
        description: FastAPI app; deterministic startup in numbered phases
        check:
          type: http
          url: http://127.0.0.1:8080/backend/health
          interval: 5s
          expect: { status: 200 }
        startup: { type: http, url: "http://127.0.0.1:8080/backend/startup" }
      - id: agent-api
        name: agent-api
        check: { type: http, url: "http://127.0.0.1:8080/backend/api/agent/status" }
      - id: auth
        name: auth-staging
        check: { type: http, url: "http://127.0.0.1:8080/auth/health" }
      - id: frontend
        name: frontend-staging
        check: { type: http, url: "http://127.0.0.1:8080/frontend/health" }
      - id: db
        name: staging-shared-postgres
        check: { type: tcp, host: 10.1.0.5, port: 5432, latency: { warn: 1s } }
    golden_path:
      name: Chat
      interval: 30s
      steps:
        - id: login
          name: User login
          check: { type: http, url: "http://127.0.0.1:8080/auth/login", method: POST }
          capture: { token: token }
        - id: chat
          name: WebSocket chat
          check: { type: http, url: "http://127.0.0.1:8080/chat?t=${token}" }
        - id: agent
          name: Agent response
          check: { type: http, url: "http://127.0.0.1:8080/agent?t=${token}" }
    impact:
      - id: chat-offline
        severity: P0
        title: Chat offline
        text: "{arr} pipeline blocked · {failing_step} fails · down {duration}"
        values: { arr: "$500K+ ARR" }
        when: { golden_path: failing }
        clear_after: 1m
      - id: backend-crashloop
        severity: P1
        title: Backend crash-looping
        text: "{phase} {phase_status} after {phase_elapsed} · exit {exit_code} · {restarts} restarts"
        when: { phase_failed: { service: backend } }
        clear_after: 1m
    """

    static var config: WarroomConfig { try! WarroomConfig.parse(yaml, file: "staging.yaml", environment: [:]) }

    static func result(_ id: String, _ status: CheckStatus, ms: Double?, code: Int? = nil, reason: String, detail: String? = nil, at offset: TimeInterval) -> Msg {
        let outcome = ProbeOutcome(status: status, latency: ms.map { .milliseconds(Int64($0)) }, code: code, reason: reason, detail: detail)
        let t = start.addingTimeInterval(offset)
        return .monitor(.check(CheckResult(checkID: id, outcome: outcome, startedAt: t, finishedAt: t)))
    }

    /// The outage as the console sees it after a few minutes of polling.
    static func outageState() -> AppState {
        var state = AppState(config: config, now: start)
        let body = #"{"status":"unhealthy","detail":"Startup failed: Database initialization timeout after 20.0s in staging environment","phase":"DATABASE","exit_code":3,"restarts":6}"#
        for i in 0..<24 {
            let t = TimeInterval(i * 5)
            _ = Update.update(&state, result("backend", .fail, ms: Double(10 + i % 4), code: 503, reason: "HTTP 503 in \(10 + i % 4) ms · Startup failed: Database initialization timeout after 20.0s in staging environment", detail: body, at: t))
            _ = Update.update(&state, result("agent-api", .fail, ms: 7, code: 500, reason: "HTTP 500 in 7 ms · Agent service unavailable: backend not started", at: t))
            _ = Update.update(&state, result("auth", .ok, ms: Double(8 + (i * 7) % 9), code: 200, reason: "HTTP 200 in \(8 + (i * 7) % 9) ms", at: t))
            _ = Update.update(&state, result("frontend", .ok, ms: 3, code: 200, reason: "HTTP 200 in 3 ms", at: t))
            _ = Update.update(&state, result("db", i < 12 ? .ok : .warn, ms: i < 12 ? 40 : 1400, reason: i < 12 ? "connected in 40 ms" : "connected in 1.4 s (slow: over 1s)", at: t))
        }
        _ = Update.update(&state, .monitor(.goldenPath(failingWalk(at: 90))))
        _ = Update.update(&state, .monitor(.startup(startup(attempt: 7, at: 100))))
        _ = Update.update(&state, .monitor(.startup(startup(attempt: 8, at: 110))))
        _ = Update.update(&state, .tick(start.addingTimeInterval(118)))
        return state
    }

    /// The backend's startup: attempt 7 timed out in DATABASE and exited 3; attempt 8 is in
    /// DATABASE, 12.5 s in when the fixture's clock reads.
    static func startup(attempt: Int, at offset: TimeInterval) -> StartupUpdate {
        let t = start.addingTimeInterval(offset)
        let failed = attempt == 7
        let names = ["INIT", "DEPENDENCIES", "DATABASE", "CACHE", "SERVICES", "WEBSOCKET", "READY"]
        let budgets = [5.0, 10, 20, 10, 15, 10, 5]
        let phases = names.enumerated().map { i, name -> StartupPhase in
            switch i {
            case 0: return StartupPhase(name: name, status: .ok, elapsed: 0.4, timeout: budgets[i])
            case 1: return StartupPhase(name: name, status: .ok, elapsed: 0.6, timeout: budgets[i])
            case 2:
                return failed
                    ? StartupPhase(name: name, status: .timeout, elapsed: 20.0, timeout: 20, error: "Database initialization timeout after 20.0s in staging environment")
                    : StartupPhase(name: name, status: .running, startedAt: start.addingTimeInterval(118 - 12.5), timeout: 20)
            default: return StartupPhase(name: name, status: failed ? .skipped : .pending, timeout: budgets[i])
            }
        }
        let report = StartupReport(service: "backend-staging", attempt: attempt, revision: "backend-staging-00042-xk2",
                                   state: failed ? "crashloop" : "starting", exitCode: failed ? 3 : nil,
                                   restarts: attempt - 1, phases: phases, updatedAt: t)
        return StartupUpdate(serviceID: "backend", report: report, problem: nil, at: t)
    }

    /// A walk that fails at login, as in the outage.
    static func failingWalk(at offset: TimeInterval) -> GoldenPathRun {
        let t = start.addingTimeInterval(offset)
        return GoldenPathRun(startedAt: t, finishedAt: t, steps: [
            GoldenPathStepResult(id: "login", name: "User login", status: .fail, latency: .milliseconds(6), code: 503, reason: "HTTP 503 in 6 ms · Login unavailable: backend offline"),
            GoldenPathStepResult(id: "chat", name: "WebSocket chat", status: .blocked, reason: "blocked: User login failed"),
            GoldenPathStepResult(id: "agent", name: "Agent response", status: .blocked, reason: "blocked: User login failed"),
        ])
    }

    /// A walk where every step passes.
    static func passingWalk(at offset: TimeInterval) -> GoldenPathRun {
        let t = start.addingTimeInterval(offset)
        return GoldenPathRun(startedAt: t, finishedAt: t, steps: [
            GoldenPathStepResult(id: "login", name: "User login", status: .pass, latency: .milliseconds(84), code: 200, reason: "HTTP 200 in 84 ms"),
            GoldenPathStepResult(id: "chat", name: "WebSocket chat", status: .pass, latency: .milliseconds(12), reason: "connected in 12 ms"),
            GoldenPathStepResult(id: "agent", name: "Agent response", status: .pass, latency: .milliseconds(840), reason: "5 events in 840 ms"),
        ])
    }
}
