import Foundation
import Simulator
import Testing

@Suite("Startup status (/backend/startup)")
struct StartupStatusTests {
    private static let statusKeys: Set = ["service", "attempt", "revision", "state", "exit_code", "restarts", "updated_at", "phases"]
    private static let phaseKeys: Set = ["name", "status", "started_at", "ended_at", "elapsed_s", "timeout_s", "error"]

    @Test("outage starts in progress: attempt 7 timed out in phase 3 after 20.0 s and exited with code 3")
    func outageShape() async throws {
        try await withStaging(.outage, clock: ManualClock()) { _, client in
            let answer = try await client.get("/backend/startup")
            #expect(answer.status == 200)
            let startup = answer.json
            #expect(startup.keys == Self.statusKeys)
            #expect(startup["service"].string == "backend-staging")
            #expect(startup["attempt"].int == 7)
            #expect(startup["revision"].string == "backend-staging-00042-xk2")
            #expect(startup["state"].string == "crashloop")
            #expect(startup["exit_code"].int == 3)
            #expect(startup["restarts"].int == 6)
            #expect(startup["updated_at"].string == "2026-11-25T16:47:37Z")

            let phases = try #require(startup["phases"].array)
            #expect(phases.map { $0["name"].string } == ReplayFigures.phaseNames)
            #expect(phases.map { $0["timeout_s"].double } == ReplayFigures.phaseTimeouts)
            #expect(phases.allSatisfy { $0.keys == Self.phaseKeys })

            #expect(phases[0]["status"].string == "ok")
            #expect(phases[0]["elapsed_s"].double == 0.4)
            #expect(phases[0]["started_at"].string == "2026-11-25T16:47:16Z")
            #expect(phases[0]["error"].isNull)
            #expect(phases[1]["status"].string == "ok")
            #expect(phases[1]["elapsed_s"].double == 0.6)

            #expect(phases[2]["status"].string == "timeout")
            #expect(phases[2]["elapsed_s"].double == 20.0)
            #expect(phases[2]["error"].string == ReplayFigures.databaseTimeoutError)
            #expect(phases[2]["started_at"].string == "2026-11-25T16:47:17Z")
            #expect(phases[2]["ended_at"].string == "2026-11-25T16:47:37Z")

            for phase in phases[3...] {
                #expect(phase["status"].string == "skipped")
                #expect(phase["started_at"].isNull && phase["ended_at"].isNull && phase["elapsed_s"].isNull && phase["error"].isNull)
            }
        }
    }

    @Test("the crash loop plays with the clock: backoff, live phase 3, timeout, next attempt")
    func crashLoopFollowsTheClock() async throws {
        let clock = ManualClock()
        try await withStaging(.outage, clock: clock) { _, client in
            clock.advance(1.6)  // the platform's 2 s backoff is over: attempt 8 is in INIT
            var startup = try await client.get("/backend/startup").json
            #expect(startup["attempt"].int == 8)
            #expect(startup["restarts"].int == 7)
            #expect(startup["state"].string == "starting")
            #expect(startup["exit_code"].isNull)
            #expect(startup["phases"][0]["status"].string == "running")
            #expect(startup["phases"][0]["ended_at"].isNull)
            #expect(startup["phases"][2]["status"].string == "pending")

            clock.advance(1.0)
            startup = try await client.get("/backend/startup").json
            #expect(startup["phases"][1]["status"].string == "ok")
            #expect(startup["phases"][2]["status"].string == "running")
            #expect(startup["phases"][2]["elapsed_s"].double == 0.1)

            clock.advance(12.3)
            startup = try await client.get("/backend/startup").json
            #expect(startup["phases"][2]["elapsed_s"].double == 12.4)
            #expect(startup["phases"][3]["status"].string == "pending")

            clock.advance(8.0)
            startup = try await client.get("/backend/startup").json
            #expect(startup["attempt"].int == 8)
            #expect(startup["state"].string == "crashloop")
            #expect(startup["exit_code"].int == 3)
            #expect(startup["phases"][2]["status"].string == "timeout")
            #expect(startup["phases"][2]["elapsed_s"].double == 20.0)

            clock.advance(2.0)
            startup = try await client.get("/backend/startup").json
            #expect(startup["attempt"].int == 9)
            #expect(startup["restarts"].int == 8)
        }
    }

    @Test("with a high time scale the phases progress in real time")
    func liveProgress() async throws {
        try await withStaging(.outage, timeScale: 20) { _, client in
            // Attempt 8 reaches phase 3 2.5 simulated seconds (125 ms) after start and times out 1 s later.
            var first: Double?
            let reachedDatabase = try await eventually {
                let startup = try await client.get("/backend/startup").json
                first = startup["phases"][2]["elapsed_s"].double
                return startup["attempt"].int == 8 && startup["phases"][2]["status"].string == "running"
            }
            #expect(reachedDatabase)
            try await Task.sleep(for: .milliseconds(150))
            let later = try await client.get("/backend/startup").json
            let elapsed = try #require(later["phases"][2]["elapsed_s"].double)
            #expect(elapsed > (first ?? .infinity) + 1.5, "elapsed went from \(String(describing: first)) to \(elapsed)")

            let nextAttempt = try await eventually {
                try await client.get("/backend/startup").json["attempt"].int == 9
            }
            #expect(nextAttempt)
        }
    }
}
