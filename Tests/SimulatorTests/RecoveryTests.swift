import Foundation
import Simulator
import Testing

@Suite("Recovery: scale the connector, restart the backend")
struct RecoveryTests {
    @Test("restarting without scaling still times out in phase 3")
    func restartAloneFails() async throws {
        let clock = ManualClock()
        try await withStaging(.outage, clock: clock) { _, client in
            let restart = try await client.post("/admin/backend/restart")
            #expect(restart.status == 202)
            #expect(restart.json["attempt"].int == 8)
            #expect(restart.json["state"].string == "starting")

            clock.advance(21.1)
            let startup = try await client.get("/backend/startup").json
            #expect(startup["attempt"].int == 8)
            #expect(startup["state"].string == "crashloop")
            #expect(startup["phases"][2]["status"].string == "timeout")
            #expect(try await client.get("/backend/health").status == 503)
        }
    }

    @Test("scale + restart: phase 3 connects in 3.2 s, all phases ok, backend serves")
    func scaleAndRestart() async throws {
        let clock = ManualClock()
        try await withStaging(.outage, clock: clock) { _, client in
            let scale = try await client.post("/admin/connector/scale")
            #expect(scale.status == 200)
            #expect(scale.json["capacity"].string == "available")
            #expect(try await client.get("/backend/health").status == 503, "scaling alone does not restart the backend")

            #expect(try await client.post("/admin/backend/restart").json["attempt"].int == 8)
            clock.advance(3.0)
            #expect(try await client.get("/backend/startup").json["phases"][2]["status"].string == "running")
            #expect(try await client.post("/auth/login", json: #"{"username":"a","password":"b"}"#).status == 503)

            clock.advance(3.3)
            let startup = try await client.get("/backend/startup").json
            #expect(startup["state"].string == "running")
            #expect(startup["exit_code"].isNull)
            #expect(startup["phases"].array?.map { $0["status"].string } == Array(repeating: "ok", count: 7))
            #expect(startup["phases"][2]["elapsed_s"].double == 3.2)

            #expect(try await client.get("/backend/health").status == 200)
            #expect(try await client.get("/backend/api/agent/status").status == 200)
            #expect(try await client.login() != nil)
        }
    }

    @Test("scaling during an attempt: that attempt still times out, the next one succeeds on its own")
    func restartLoopPicksUpCapacity() async throws {
        let clock = ManualClock()
        try await withStaging(.outage, clock: clock) { _, client in
            clock.advance(5)  // attempt 8 is waiting in phase 3
            #expect(try await client.get("/backend/startup").json["phases"][2]["status"].string == "running")
            _ = try await client.post("/admin/connector/scale")

            clock.advance(18)
            var startup = try await client.get("/backend/startup").json
            #expect(startup["attempt"].int == 8)
            #expect(startup["phases"][2]["status"].string == "timeout")

            clock.advance(2 + 6.3)
            startup = try await client.get("/backend/startup").json
            #expect(startup["attempt"].int == 9)
            #expect(startup["state"].string == "running")
            #expect(try await client.get("/backend/health").status == 200)
        }
    }

    @Test("the runbook's describe steps: connector and database")
    func describeConnectorAndDatabase() async throws {
        try await withStaging(.outage, clock: ManualClock()) { _, client in
            let connector = try await client.get("/admin/connector").json
            #expect(connector["name"].string == "staging-connector")
            #expect(connector["ip_cidr_range"].string == "10.1.0.0/28")
            #expect(connector["capacity"].string == "exhausted")
            #expect(connector["max_instances"].int == 3)

            let database = try await client.get("/admin/database").json
            #expect(database["instance"].string == "staging-shared-postgres")
            #expect(database["state"].string == "RUNNABLE")
            #expect((database["connections"].int ?? 100) < 100)
        }
    }
}
