import Foundation
import Simulator
import Testing
import TestSupport
@testable import Monitoring

@Suite(.serialized) struct GoldenPathTests {
    static let factory = ProbeFactory()

    func config(_ yaml: String, env: [String: String] = [:]) throws -> WarroomConfig {
        try WarroomConfig.parse(yaml, file: "gp.yaml", environment: env)
    }

    @Test func capturesPassATokenToLaterSteps() async throws {
        let echo = try EchoHTTPServer()
        defer { echo.stop() }
        let c = try config("""
        environment: e
        services:
          - id: s
            check: { type: tcp, host: 127.0.0.1, port: 1 }
        golden_path:
          name: Chat
          steps:
            - id: login
              name: User login
              check: { type: http, url: "\(echo.url)/login", method: POST, body: '{"u":"me"}' }
              capture: { token: token }
            - id: chat
              name: Chat
              check:
                type: http
                url: \(echo.url)/chat?session=${token}
                headers: { Authorization: "Bearer ${token}" }
                expect:
                  json:
                    - { path: headers.authorization, equals: "Bearer tok-20" }
        """)
        let run = await GoldenPathRunner(spec: try #require(c.goldenPath), factory: GoldenPathTests.factory).run()
        #expect(run.passed, "\(run.steps.map(\.reason))")
        #expect(run.steps.map(\.status) == [.pass, .pass])
        // The token is a secret: it never appears in a reason.
        #expect(!run.steps.contains { $0.reason.contains("tok-20") })
    }

    /// The chat journey against the simulated staging: the login token reaches the WebSocket.
    func chatJourney(_ sim: SimulatedStaging) throws -> GoldenPathSpec {
        let ws = sim.baseURL.replacingOccurrences(of: "http://", with: "ws://")
        let c = try config("""
        environment: e
        services:
          - id: s
            check: { type: tcp, host: 127.0.0.1, port: 1 }
        golden_path:
          steps:
            - id: login
              name: User login
              check: { type: http, url: "\(sim.baseURL)/auth/login", method: POST, body: '{"username":"oncall","password":"x"}' }
              capture: { token: token }
            - id: chat
              name: WebSocket chat
              check: { type: websocket, url: "\(ws)/ws/chat", headers: { Authorization: "Bearer ${token}" } }
            - id: agent
              name: Agent response
              check:
                type: websocket
                url: \(ws)/ws/chat
                headers: { Authorization: "Bearer ${token}" }
                send: '{"type":"chat","message":"hello"}'
                expect_events: [agent_started, agent_thinking, tool_executing, tool_completed, agent_completed]
        """)
        return try #require(c.goldenPath)
    }

    @Test func theLoginTokenReachesTheWebSocketStep() async throws {
        let sim = try await SimulatedStaging.start(SimulatorOptions(scenario: .healthy))
        let spec = try chatJourney(sim)
        let run = await GoldenPathRunner(spec: spec, factory: GoldenPathTests.factory).run()
        await sim.stop()
        #expect(run.steps.map(\.status) == [.pass, .pass, .pass], "\(run.steps.map(\.reason))")
        #expect(run.steps[2].reason.hasPrefix("5 events in "))
    }

    @Test func withoutTheTokenTheWebSocketIsRefused() async throws {
        let sim = try await SimulatedStaging.start(SimulatorOptions(scenario: .healthy))
        var spec = try chatJourney(sim)
        spec.steps[0].captures = []
        spec.steps[1].check = try config("""
        environment: e
        services:
          - id: s
            check: { type: websocket, url: "\(sim.baseURL.replacingOccurrences(of: "http://", with: "ws://"))/ws/chat", headers: { Authorization: "Bearer wrong" }, send: '{"type":"chat","message":"x"}', expect_events: [agent_started] }
        """).services[0].check
        let run = await GoldenPathRunner(spec: spec, factory: GoldenPathTests.factory).run()
        await sim.stop()
        #expect(run.steps.map(\.status) == [.pass, .fail, .blocked], "\(run.steps.map(\.reason))")
        #expect(run.steps[1].reason.contains("1008"), "\(run.steps[1].reason)")
    }

    @Test func duringTheOutageLoginFailsAndTheRestIsBlocked() async throws {
        let sim = try await SimulatedStaging.start(SimulatorOptions(scenario: .outage))
        let run = await GoldenPathRunner(spec: try chatJourney(sim), factory: GoldenPathTests.factory).run()
        await sim.stop()
        #expect(run.steps.map(\.status) == [.fail, .blocked, .blocked])
        #expect(run.steps[0].reason.hasPrefix("HTTP 503 in "))
        #expect(run.steps[0].reason.hasSuffix("· Login unavailable: backend offline"))
    }

    @Test func stepsAfterAFailureAreBlockedAndNotRun() async throws {
        let echo = try EchoHTTPServer()
        defer { echo.stop() }
        let refused = try LoopbackServers.refusedPort()
        let c = try config("""
        environment: e
        services:
          - id: s
            check: { type: tcp, host: 127.0.0.1, port: 1 }
        golden_path:
          steps:
            - { id: login, name: Login, check: { type: http, url: "http://127.0.0.1:\(refused)/login" }, capture: { token: token } }
            - { id: chat, name: Chat, check: { type: http, url: "\(echo.url)/chat/${token}" } }
            - { id: agent, name: Agent response, check: { type: http, url: "\(echo.url)/agent" } }
        """)
        let started = Date()
        let run = await GoldenPathRunner(spec: try #require(c.goldenPath), factory: GoldenPathTests.factory).run()
        #expect(run.steps.map(\.status) == [.fail, .blocked, .blocked])
        #expect(run.steps[0].reason == "connect refused")
        #expect(run.steps[1].reason == "blocked: Login failed")
        #expect(run.firstFailure?.id == "login")
        #expect(run.blocked.map(\.id) == ["chat", "agent"])
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func aMissingCaptureFailsTheStep() async throws {
        let echo = try EchoHTTPServer()
        defer { echo.stop() }
        let c = try config("""
        environment: e
        services:
          - id: s
            check: { type: tcp, host: 127.0.0.1, port: 1 }
        golden_path:
          steps:
            - { id: login, check: { type: http, url: "\(echo.url)/" }, capture: { token: session.token } }
            - { id: next, check: { type: http, url: "\(echo.url)/${token}" } }
        """)
        let run = await GoldenPathRunner(spec: try #require(c.goldenPath), factory: GoldenPathTests.factory).run()
        #expect(run.steps.map(\.status) == [.fail, .blocked])
        #expect(run.steps[0].reason.hasSuffix("but the response has no session.token to capture as token"))
    }

    @Test func aHungStepIsCutOffAtItsTimeout() async throws {
        let hanging = try HangingServer()
        defer { hanging.stop() }
        let c = try config("""
        environment: e
        services:
          - id: s
            check: { type: tcp, host: 127.0.0.1, port: 1 }
        golden_path:
          steps:
            - { id: login, check: { type: http, url: "http://127.0.0.1:\(hanging.port)/", timeout: 1s } }
            - { id: chat, check: { type: http, url: "http://127.0.0.1:\(hanging.port)/" } }
        """)
        let started = Date()
        let run = await GoldenPathRunner(spec: try #require(c.goldenPath), factory: GoldenPathTests.factory).run()
        #expect(run.steps.map(\.status) == [.fail, .blocked])
        #expect(run.steps[0].reason == "timed out after 1.0 s")
        #expect(Date().timeIntervalSince(started) < 2.5)
    }

    @Test func undefinedPlaceholdersAreConfigErrors() {
        let text = """
        environment: e
        services:
          - id: s
            check: { type: tcp, host: 127.0.0.1, port: 1 }
        golden_path:
          steps:
            - id: chat
              check: { type: http, url: "http://x/${token}" }
            - id: login
              check: { type: http, url: "http://x/" }
              capture: { token: token }
        """
        do {
            _ = try config(text)
            Issue.record("expected an error")
        } catch let e as ConfigErrors {
            #expect(e.errors.first?.line == 8, "\(e)")
            #expect(e.description.contains("uses ${token}, which only a later step captures"), "\(e)")
        } catch { Issue.record("\(error)") }
    }
}
