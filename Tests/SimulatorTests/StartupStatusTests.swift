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
            // At 20x an attempt takes 23 simulated seconds (1.15 s real), 20 of them in phase 3,
            // so a busy machine may miss attempt 8's phase 3: any later attempt's will do. The
            // deadlines are generous; what is checked is that simulated time keeps moving.
            var first: (attempt: Int, elapsed: Double)?
            let reachedDatabase = try await eventually(within: 20) {
                let startup = try await client.get("/backend/startup").json
                guard let attempt = startup["attempt"].int, attempt >= 8, startup["phases"][2]["status"].string == "running",
                      let elapsed = startup["phases"][2]["elapsed_s"].double, elapsed <= 15 else { return false }
                first = (attempt, elapsed)
                return true
            }
            #expect(reachedDatabase, "no attempt was seen in phase 3")
            let start = try #require(first)

            try await Task.sleep(for: .milliseconds(150))  // at least 3 simulated seconds
            let later = try await client.get("/backend/startup").json
            let attempt = try #require(later["attempt"].int)
            let database = later["phases"][2]
            if attempt == start.attempt && database["status"].string == "running" {
                let elapsed = try #require(database["elapsed_s"].double)
                #expect(elapsed >= start.elapsed + 2.9, "phase 3 elapsed went from \(start.elapsed) to \(elapsed)")
            } else {
                // The machine was slow enough for phase 3 to time out since: time moved on all the same.
                #expect(attempt > start.attempt || database["status"].string == "timeout", "\(later)")
            }

            let nextAttempt = try await eventually(within: 20) {
                try await client.get("/backend/startup").json["attempt"].int ?? 0 > start.attempt
            }
            #expect(nextAttempt, "no attempt after \(start.attempt)")
        }
    }
}
