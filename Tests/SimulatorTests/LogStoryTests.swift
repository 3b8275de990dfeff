import Foundation
import Simulator
import Testing

/// The backend log tells restarts in the order they happened, so a follower of the log using
/// Warroom's `phased-startup` preset ends where `/backend/startup` is.
@Suite("The log tells restarts in order")
struct LogStoryTests {
    @Test("outage → healthy while attempt 8 waits in phase 3: stop and SIGTERM, then attempt 9; the preset's replay ends where /backend/startup is")
    func switchToHealthyMidAttempt() async throws {
        let clock = ManualClock()
        try await withStaging(.outage, clock: clock) { staging, client in
            clock.advance(5)  // attempt 8 is waiting in phase 3
            #expect(try await client.get("/backend/startup").json["phases"][2]["status"].string == "running")
            #expect(try await client.put("/admin/scenario", json: #"{"scenario":"healthy"}"#).status == 200)

            // Right after the switch: attempt 9 has just begun, and the log says so.
            var startup = try await client.get("/backend/startup").json
            #expect(startup["attempt"].int == 9)
            #expect(startup["state"].string == "starting")
            var log = try LogFiles(staging)
            #expect(StartupView(replay: PresetReplay(log: log.text)) == StartupView(endpoint: startup))

            clock.advance(6.3)  // the plan on a scaled connector takes 6.2 s
            startup = try await client.get("/backend/startup").json
            #expect(startup["attempt"].int == 9)
            #expect(startup["state"].string == "running")
            #expect(startup["exit_code"].isNull)
            #expect(startup["restarts"].int == 8)
            #expect(startup["phases"].array?.map { $0["status"].string } == Array(repeating: "ok", count: 7))
            #expect(try await client.get("/backend/health").status == 200)

            log = try LogFiles(staging)
            // (a) Timestamps never decrease, in either file.
            #expect(log.textTimesNeverDecrease)
            #expect(log.jsonTimesNeverDecrease)

            // (b) The key lines, in the order they happened, all at the switch.
            let switchedAt = "2026-11-25T16:47:42.623Z"
            let stopped = try #require(log.textLines.firstIndex(of: "\(switchedAt) WARNING Restart requested by operator: stopping attempt 8"))
            #expect(Array(log.textLines[(stopped - 1)...].prefix(5)) == [
                "\(switchedAt) INFO VPC connector staging-connector scaled out: max instances 3 -> 10; capacity available",
                "\(switchedAt) WARNING Restart requested by operator: stopping attempt 8",
                "\(switchedAt) WARNING Process terminated by SIGTERM. exit code 143",
                "\(switchedAt) INFO Container restarted by operator; restarting (restart 8)",
                "\(switchedAt) INFO backend-staging startup attempt 9 revision backend-staging-00042-xk2",
            ])
            #expect(log.textLines.last?.hasSuffix("INFO Application startup complete: 7 phases ok in 6.2s") == true)
            // Every line of attempt 9 comes after attempt 8's termination, and none of attempt 8 after it.
            let terminated = try #require(log.events.firstIndex { $0["attempt"].int == 8 && $0["event"].string == "process_exited" })
            #expect(log.events[terminated]["message"].string == "Process terminated by SIGTERM. exit code 143")
            let firstOfNine = try #require(log.events.firstIndex { $0["attempt"].int == 9 })
            #expect(firstOfNine > terminated)
            #expect(!log.events[firstOfNine...].contains { $0["attempt"].int != 9 })
            let completedPhases = log.events[firstOfNine...].filter { $0["event"].string == "phase_completed" }
            #expect(completedPhases.count == 7)

            // (c) The preset's replay of the plain log ends where the endpoint is.
            let replay = PresetReplay(log: log.text)
            #expect(StartupView(replay: replay) == StartupView(endpoint: startup))
            #expect(replay.attempt == 9 && replay.state == "running" && replay.exitCode == nil && replay.restarts == 8)
            #expect(replay.phases.allSatisfy { $0.status == "ok" } && replay.phases.count == 7)
        }
    }

    @Test("outage → healthy during the crash loop's backoff: attempt 7's exit, the restart, then attempt 8")
    func switchToHealthyDuringBackoff() async throws {
        let clock = ManualClock()
        try await withStaging(.outage, clock: clock) { staging, client in
            staging.setScenario(.healthy)
            clock.advance(6.3)
            let startup = try await client.get("/backend/startup").json
            #expect(startup["attempt"].int == 8)
            #expect(startup["state"].string == "running")

            let log = try LogFiles(staging)
            #expect(log.textTimesNeverDecrease)
            #expect(log.jsonTimesNeverDecrease)
            let exited = try #require(log.textLines.firstIndex { $0.hasSuffix("ERROR Application startup failed. Exiting. exit code 3") && $0.hasPrefix("2026-11-25T16:47:37") })
            let restarted = try #require(log.textLines.firstIndex { $0.hasSuffix("INFO Container restarted by operator; restarting (restart 7)") })
            let begun = try #require(log.textLines.firstIndex { $0.hasSuffix("startup attempt 8 revision backend-staging-00042-xk2") })
            #expect(exited < restarted && restarted < begun)
            #expect(!log.textLines.contains { $0.contains("SIGTERM") }, "no process was alive to terminate")

            let replay = PresetReplay(log: log.text)
            #expect(StartupView(replay: replay) == StartupView(endpoint: startup))
            #expect(replay.exitCode == nil && replay.state == "running" && replay.restarts == 7)
        }
    }

    @Test("operator restart: stop, SIGTERM, and a restart line the preset's restart rule reads")
    func operatorRestart() async throws {
        let clock = ManualClock()
        try await withStaging(.outage, clock: clock) { staging, client in
            clock.advance(5)
            let restart = try await client.post("/admin/backend/restart").json
            #expect(restart["attempt"].int == 9)
            let log = try LogFiles(staging)
            let tail = log.textLines.suffix(from: try #require(log.textLines.firstIndex { $0.contains("Restart requested by operator") }))
            #expect(tail.prefix(4).map { $0.split(separator: " ", maxSplits: 1)[1] } == [
                "WARNING Restart requested by operator: stopping attempt 8",
                "WARNING Process terminated by SIGTERM. exit code 143",
                "INFO Container restarted by operator; restarting (restart 8)",
                "INFO backend-staging startup attempt 9 revision backend-staging-00042-xk2",
            ])
            #expect(PresetReplay.restartNumber(in: tail[tail.startIndex + 2]) == 8)
            let replay = PresetReplay(log: log.text)
            #expect(StartupView(replay: replay) == StartupView(endpoint: try await client.get("/backend/startup").json))
        }
    }

    @Test("a long story through every kind of restart: each new attempt follows a restart line of the preset, in time order")
    func everyRestartIsLogged() async throws {
        let clock = ManualClock()
        try await withStaging(.outage, clock: clock) { staging, client in
            var checks: [(String, StartupView, StartupView)] = []
            func check(_ step: String) async throws {
                let endpoint = StartupView(endpoint: try await client.get("/backend/startup").json)
                checks.append((step, StartupView(replay: PresetReplay(log: try LogFiles(staging).text)), endpoint))
            }
            clock.advance(30)  // crash loop: attempt 8 timed out, attempt 9 is in phase 3
            try await check("crash loop")
            _ = try await client.post("/admin/backend/restart")  // operator restart: SIGTERM, attempt 10
            try await check("operator restart")
            clock.advance(4)
            _ = try await client.post("/admin/connector/scale")
            _ = try await client.post("/admin/backend/restart")  // restart after scaling: SIGTERM, attempt 11
            clock.advance(7)
            try await check("scaled and restarted")
            staging.setScenario(.outage)  // the serving attempt 11 loses the database and exits
            clock.advance(0.3)  // its exit lines are written 12 and 250 ms after the exit
            try await check("outage while serving")
            clock.advance(3.5)  // attempt 12 is in phase 3
            staging.setScenario(.healthy)  // scenario switch: SIGTERM, attempt 13
            try await check("healthy while starting")
            clock.advance(7)
            try await check("healthy, ready")
            staging.setScenario(.flapping)
            clock.advance(40)  // attempt 13 serves 15 s and exits; attempt 14 is ready after 13 s
            try await check("flapping, serving again")
            clock.advance(6)  // attempt 14 has lost the database too
            try await check("flapping, crashed")
            staging.setScenario(.slow)  // scenario switch during the backoff: attempt 15
            try await check("slow, starting")
            clock.advance(7)
            try await check("slow, ready")

            for (step, replay, endpoint) in checks {
                var replay = replay
                if endpoint.state == "crashloop" {
                    // In the platform's 2 s backoff after attempt N exited, its line "Container exited
                    // with code 3; restarting (restart N)" announces the restart to come, while the
                    // endpoint counts the restarts done (N - 1) until attempt N + 1 begins.
                    #expect(replay.restarts == endpoint.attempt, "\(step): \(replay)")
                    replay.restarts = endpoint.restarts
                }
                #expect(replay == endpoint, "\(step): the log says \(replay), /backend/startup \(endpoint)")
            }

            let log = try LogFiles(staging)
            #expect(log.textTimesNeverDecrease)
            #expect(log.jsonTimesNeverDecrease)
            // Between two attempts' first lines there is a restart line naming the number of the earlier attempt.
            let attempts = log.textLines.enumerated().compactMap { index, line in
                line.range(of: "startup attempt ").flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) }.map { (index, $0) }
            }
            #expect(attempts.map(\.1) == Array(5...(attempts.last?.1 ?? 5)))
            #expect(attempts.last?.1 == 15, "attempts: \(attempts.map(\.1))")
            for (previous, next) in zip(attempts, attempts.dropFirst()) {
                let between = log.textLines[previous.0..<next.0]
                let restarts = between.compactMap(PresetReplay.restartNumber(in:))
                #expect(restarts.last == previous.1, "no restart line before attempt \(next.1): \(between.suffix(4))")
            }
            // The switch to outage tells why the serving backend went down, then that it did.
            let lost = try #require(log.textLines.firstIndex { $0.hasSuffix("CRITICAL Database connection lost: connection pool exhausted behind VPC connector staging-connector") })
            #expect(log.textLines[lost - 1].hasSuffix(
                "WARNING VPC connector staging-connector at max instances (3); connection pool exhausted by concurrent startups"
            ))
            #expect(log.textLines[lost + 1].hasSuffix("ERROR Application shutting down: chat cannot work without the database. exit code 3"))
            #expect(log.textLines.filter { $0.contains("Container restarted by operator; restarting (restart ") }.count == 4)
            #expect(log.textLines.filter { $0.contains("Process terminated by SIGTERM. exit code 143") }.count == 3)
        }
    }
}

/// Both backend log files as they stand.
private struct LogFiles {
    let text: String
    let textLines: [String]
    let events: [JSONBody]

    init(_ staging: SimulatedStaging) throws {
        text = try String(contentsOfFile: staging.logFile, encoding: .utf8)
        textLines = text.split(separator: "\n").map(String.init)
        events = try String(contentsOfFile: staging.jsonLogFile, encoding: .utf8).split(separator: "\n").map { JSONBody(text: String($0)) }
    }

    /// The lines' timestamps (`2026-11-25T16:47:16.123Z`, all the same width, so text order is time order).
    var textTimesNeverDecrease: Bool {
        Self.nonDecreasing(textLines.map { String($0.prefix { $0 != " " }) })
    }

    var jsonTimesNeverDecrease: Bool {
        Self.nonDecreasing(events.map { $0["ts"].string ?? "" })
    }

    private static func nonDecreasing(_ times: [String]) -> Bool {
        !times.isEmpty && times.allSatisfy { $0.count == 24 } && zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }
    }
}
