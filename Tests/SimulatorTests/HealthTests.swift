import Foundation
import Simulator
import Testing

@Suite("Health endpoints in each scenario")
struct HealthTests {
    @Test("outage: backend 503 with the phase 3 timeout, agent 500, auth and frontend 200")
    func outage() async throws {
        try await withStaging(.outage, clock: ManualClock()) { _, client in
            let health = try await client.get("/backend/health")
            #expect(health.status == 503)
            #expect(health.json["status"].string == "unhealthy")
            #expect(health.json["detail"].string == "Startup failed: \(ReplayFigures.databaseTimeoutError)")
            #expect(health.json["phase"].string == "DATABASE")
            #expect(health.json["exit_code"].int == 3)
            #expect(health.json["restarts"].int == 6)

            let agent = try await client.get("/backend/api/agent/status")
            #expect(agent.status == 500)
            #expect(agent.json["detail"].string == "Agent service unavailable: backend not started")

            for path in ["/auth/health", "/frontend/health"] {
                let answer = try await client.get(path)
                #expect(answer.status == 200, "\(path)")
                #expect(answer.json["status"].string == "healthy", "\(path)")
            }
        }
    }

    @Test("healthy: backend 200 with its checks, agent 200")
    func healthy() async throws {
        try await withStaging(.healthy, clock: ManualClock()) { _, client in
            let health = try await client.get("/backend/health")
            #expect(health.status == 200)
            #expect(health.json["status"].string == "healthy")
            #expect(health.json["checks"]["database"].string == "ok")
            #expect(health.json["checks"]["redis"].string == "ok")
            #expect(health.json["checks"]["websocket"].string == "ok")
            #expect(try await client.get("/backend/api/agent/status").status == 200)
        }
    }

    @Test("slow: backend healthy after 2.5 s, auth after 1.2 s, frontend at once")
    func slow() async throws {
        try await withStaging(.slow, clock: ManualClock()) { _, client in
            async let backend = timed { try await client.get("/backend/health") }
            async let auth = timed { try await client.get("/auth/health") }
            async let frontend = timed { try await client.get("/frontend/health") }
            let (backendAnswer, backendSeconds) = try await backend
            let (authAnswer, authSeconds) = try await auth
            let (frontendAnswer, frontendSeconds) = try await frontend

            #expect(backendAnswer.status == 200)
            #expect(backendAnswer.json["status"].string == "healthy")
            #expect(backendSeconds >= 2.4 && backendSeconds < 4.5, "backend took \(backendSeconds) s")
            #expect(authAnswer.status == 200)
            #expect(authSeconds >= 1.1 && authSeconds < 2.5, "auth took \(authSeconds) s")
            #expect(frontendAnswer.status == 200)
            #expect(frontendSeconds < 1, "frontend took \(frontendSeconds) s")
        }
    }

    @Test("flapping: backend health alternates every 15 simulated seconds")
    func flapping() async throws {
        let clock = ManualClock()
        let statuses = try await withStaging(.flapping, clock: clock) { _, client in
            clock.advance(0.5)
            var statuses: [Int] = []
            for _ in 0..<64 {
                statuses.append(try await client.get("/backend/health").status)
                clock.advance(1)
            }
            return statuses
        }
        #expect(Set(statuses) == [200, 503])
        // Lengths of the runs of equal answers; the first and last runs are cut by the sampling window.
        let runs = statuses.reduce(into: [(status: Int, count: Int)]()) { runs, status in
            if runs.last?.status == status { runs[runs.count - 1].count += 1 } else { runs.append((status, 1)) }
        }
        #expect(runs.count >= 4, "\(runs)")
        #expect(runs.dropFirst().dropLast().allSatisfy { $0.count == 15 }, "\(runs)")
    }
}

/// The value `body` returns and the real seconds it took.
private func timed<T: Sendable>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try await body()
    let elapsed = ContinuousClock.now - start
    return (value, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}
