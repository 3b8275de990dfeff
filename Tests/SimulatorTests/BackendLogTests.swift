import Foundation
import Simulator
import Testing

@Suite("Backend log files")
struct BackendLogTests {
    @Test("the backlog tells attempts 5–7 with the incident's timestamps and figures")
    func backlog() async throws {
        try await withStaging(.outage) { staging, _ in
            let lines = try String(contentsOfFile: staging.logFile, encoding: .utf8).split(separator: "\n").map(String.init)
            for expected in [
                "2026-11-25T16:47:16.123Z INFO backend-staging startup attempt 7 revision backend-staging-00042-xk2",
                "2026-11-25T16:47:16.123Z INFO Phase 1 INIT started (timeout 5.0s)",
                "2026-11-25T16:47:16.523Z INFO Phase 1 INIT completed in 0.4s",
                "2026-11-25T16:47:17.123Z INFO Phase 2 DEPENDENCIES completed in 0.6s",
                "2026-11-25T16:47:17.123Z INFO Phase 3 DATABASE started (timeout 20.0s)",
                "2026-11-25T16:47:37.123Z CRITICAL Phase 3 DATABASE failed: Database initialization timeout after 20.0s in staging environment",
                "2026-11-25T16:47:37.135Z ERROR Application startup failed. Exiting. exit code 3",
                "2026-11-25T16:47:37.373Z WARNING Container exited with code 3; restarting (restart 7)",
            ] {
                #expect(lines.contains(expected), "missing: \(expected)")
            }
            #expect(lines.first == "2026-11-25T16:46:30.123Z INFO backend-staging startup attempt 5 revision backend-staging-00042-xk2")
            #expect(lines.contains { $0.hasSuffix("startup attempt 6 revision backend-staging-00042-xk2") })
            #expect(lines.contains { $0.contains(" WARNING ") && $0.contains("staging-connector") })
            #expect(lines.filter { $0.contains("Phase 3 DATABASE failed") }.count == 3)
        }
    }

    @Test("the JSON log has the same events, one object per line")
    func jsonLines() async throws {
        try await withStaging(.outage, clock: ManualClock()) { staging, _ in
            let text = try String(contentsOfFile: staging.logFile, encoding: .utf8).split(separator: "\n")
            let events = try String(contentsOfFile: staging.jsonLogFile, encoding: .utf8)
                .split(separator: "\n").map { JSONBody(text: String($0)) }
            #expect(events.count == text.count)
            #expect(events.allSatisfy { $0.keys == ["ts", "level", "message", "phase", "phase_index", "event", "attempt"] })

            let initStarted = try #require(events.first { $0["attempt"].int == 7 && $0["event"].string == "phase_started" })
            #expect(initStarted["ts"].string == "2026-11-25T16:47:16.123Z")
            #expect(initStarted["level"].string == "INFO")
            #expect(initStarted["message"].string == "Phase 1 INIT started (timeout 5.0s)")
            #expect(initStarted["phase"].string == "INIT")
            #expect(initStarted["phase_index"].int == 1)

            let attemptSeven = events.filter { $0["attempt"].int == 7 && !$0["event"].isNull }
            #expect(attemptSeven.map { $0["event"].string } == [
                "attempt_started",
                "phase_started", "phase_completed",
                "phase_started", "phase_completed",
                "phase_started", "phase_failed",
                "process_exited", "container_restarted",
            ])
            let failed = try #require(attemptSeven.first { $0["event"].string == "phase_failed" })
            #expect(failed["level"].string == "CRITICAL")
            #expect(failed["phase_index"].int == 3)
        }
    }

    @Test("lines keep coming as simulated time runs, without any request")
    func linesAppear() async throws {
        // A manual clock, so the test does not race real time: only the simulator's own tick
        // (every 100 ms of real time) can write the lines after the clock moves.
        let clock = ManualClock()
        try await withStaging(.outage, clock: clock) { staging, _ in
            let before = try String(contentsOfFile: staging.logFile, encoding: .utf8)
            #expect(!before.contains("startup attempt 8 revision"))
            clock.advance(3)  // attempt 8 began 1.5 s ago and is in phase 3
            let appeared = await eventually(within: 20) {
                let log = (try? String(contentsOfFile: staging.logFile, encoding: .utf8)) ?? ""
                return log.contains("startup attempt 8 revision")
                    && log.components(separatedBy: "Phase 3 DATABASE started").count == 5
            }
            #expect(appeared, "attempt 8 did not reach phase 3 in the log")
        }
    }
}
