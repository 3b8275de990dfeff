import Foundation
import Simulator
import Testing

@Suite("Switching scenario live")
struct ScenarioSwitchTests {
    @Test("GET /admin/scenario names the scenario and the choices")
    func listsScenarios() async throws {
        try await withStaging(.outage, clock: ManualClock()) { staging, client in
            let answer = try await client.get("/admin/scenario")
            #expect(answer.status == 200)
            #expect(answer.json["scenario"].string == "outage")
            #expect(answer.json["scenarios"].array?.compactMap(\.string) == ["outage", "healthy", "flapping", "slow"])
            #expect(staging.scenario == .outage)
        }
    }

    @Test("PUT healthy: connector scaled, backend restarted, the fresh attempt is ready 6.2 s later and everything 200")
    func switchToHealthy() async throws {
        let clock = ManualClock()
        try await withStaging(.outage, clock: clock) { staging, client in
            let answer = try await client.put("/admin/scenario", json: #"{"scenario":"healthy"}"#)
            #expect(answer.status == 200)
            #expect(answer.json["scenario"].string == "healthy")
            #expect(staging.scenario == .healthy)

            let starting = try await client.get("/backend/startup").json
            #expect(starting["attempt"].int == 8)
            #expect(starting["state"].string == "starting")
            #expect(starting["phases"][0]["status"].string == "running")
            #expect(try await client.get("/backend/health").status == 503)

            clock.advance(6.3)
            #expect(try await client.get("/backend/health").status == 200)
            #expect(try await client.get("/backend/api/agent/status").status == 200)
            let startup = try await client.get("/backend/startup").json
            #expect(startup["state"].string == "running")
            #expect(startup["attempt"].int == 8)
            #expect(startup["exit_code"].isNull)
            #expect(startup["phases"].array?.compactMap { $0["status"].string } == Array(repeating: "ok", count: 7))
            #expect(startup["phases"][2]["elapsed_s"].double == 3.2)
            #expect(try await client.get("/admin/connector").json["capacity"].string == "available")
        }
    }

    @Test("POST ?name=outage: a serving backend loses the database and the crash loop resumes")
    func switchBackToOutage() async throws {
        let clock = ManualClock()
        try await withStaging(.healthy, clock: clock) { _, client in
            #expect(try await client.get("/backend/health").status == 200)
            let answer = try await client.post("/admin/scenario?name=outage")
            #expect(answer.json["scenario"].string == "outage")

            let health = try await client.get("/backend/health")
            #expect(health.status == 503)
            #expect(health.json["exit_code"].int == 3)
            #expect(try await client.get("/backend/startup").json["state"].string == "crashloop")
            #expect(try await client.get("/admin/connector").json["capacity"].string == "exhausted")

            clock.advance(2.5)
            #expect(try await client.get("/backend/startup").json["state"].string == "starting")
            clock.advance(21)
            let startup = try await client.get("/backend/startup").json
            #expect(startup["state"].string == "crashloop")
            #expect(startup["phases"][2]["status"].string == "timeout")
            #expect(try await client.get("/backend/health").json["detail"].string == "Startup failed: \(ReplayFigures.databaseTimeoutError)")
        }
    }

    @Test("unknown or missing scenario: 400 with the choices, scenario unchanged")
    func rejectsUnknownScenario() async throws {
        try await withStaging(.outage, clock: ManualClock()) { staging, client in
            let unknown = try await client.put("/admin/scenario", json: #"{"scenario":"meltdown"}"#)
            #expect(unknown.status == 400)
            #expect(unknown.json["detail"].string == "Unknown scenario 'meltdown'")
            #expect(unknown.json["scenarios"].array?.count == 4)

            let missing = try await client.post("/admin/scenario", json: "{}")
            #expect(missing.status == 400)
            #expect(staging.scenario == .outage)
        }
    }

    @Test("setScenario switches the same world the endpoints see")
    func setScenarioFromCode() async throws {
        let clock = ManualClock()
        try await withStaging(.outage, clock: clock) { staging, client async throws in
            staging.setScenario(.slow)
            #expect(staging.scenario == .slow)
            #expect(try await client.get("/admin/scenario").json["scenario"].string == "slow")
            #expect(try await client.get("/backend/startup").json["state"].string == "starting")
            clock.advance(6.3)
            #expect(try await client.get("/backend/startup").json["state"].string == "running")
        }
    }
}
