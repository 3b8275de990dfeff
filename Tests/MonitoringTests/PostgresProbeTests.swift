import Foundation
import Testing
import TestSupport
@testable import Monitoring

/// The PostgreSQL probe against a real server (started by `scripts/test`, described by
/// `WARROOM_TEST_POSTGRES`) and against sockets that refuse or never answer.
@Suite struct PostgresProbeTests {
    /// The test server's connection settings. Fails the test, not skips it, when the server
    /// is not there: these checks must run in CI.
    static func server() throws -> PostgresCheckSpec {
        let fields = try TestPostgres.fields()
        return PostgresCheckSpec(host: try #require(fields["host"]), port: try #require(fields["port"].flatMap { Int($0) }),
                                 user: try #require(fields["user"]), password: fields["password"], database: fields["dbname"])
    }

    func run(_ spec: PostgresCheckSpec, timeout: Seconds = Seconds(5), latency: LatencyThresholds = .none) async -> ProbeOutcome {
        await PostgresProbe(spec: spec, latency: latency).run(timeout: timeout)
    }

    @Test func connectsAndQueries() async throws {
        let o = await run(try PostgresProbeTests.server())
        #expect(o.status == .ok, "\(o.reason)")
        #expect(o.reason.hasPrefix("connected in "))
        #expect(o.reason.contains(" · query "))
        #expect(o.detail == "SELECT 1 → 1 row")
        #expect(o.latency != nil)
    }

    @Test func wrongPasswordNamesTheUserNotThePassword() async throws {
        var spec = try PostgresProbeTests.server()
        spec.password = "not-the-password-\(UUID().uuidString)"
        let o = await run(spec)
        #expect(o.status == .fail)
        #expect(o.reason == "authentication failed for user \"\(spec.user)\"")
        #expect(!o.reason.contains(spec.password!) && !(o.detail ?? "").contains(spec.password!))
    }

    @Test func missingDatabaseAndFailingQuery() async throws {
        var spec = try PostgresProbeTests.server()
        spec.database = "no_such_db"
        #expect(await run(spec).reason == "database \"no_such_db\" does not exist")
        var failing = try PostgresProbeTests.server()
        failing.query = "SELECT * FROM no_such_table"
        let o = await run(failing)
        #expect(o.status == .fail)
        #expect(o.reason == "query failed: relation \"no_such_table\" does not exist")
    }

    @Test func refusedPort() async throws {
        let port = try LoopbackServers.refusedPort()
        let o = await run(PostgresCheckSpec(host: "127.0.0.1", port: port, user: "warroom", password: "x"))
        #expect(o.status == .fail)
        #expect(o.reason == "connect refused")
    }

    @Test func listenerThatNeverAnswersTimesOutWithinTenPercent() async throws {
        let server = try HangingServer()
        defer { server.stop() }
        let start = ContinuousClock.now
        let o = await run(PostgresCheckSpec(host: "127.0.0.1", port: server.port, user: "warroom", password: "x"), timeout: Seconds(1.5))
        let elapsed = (ContinuousClock.now - start).seconds
        #expect(o.reason == "timed out after 1.5 s")
        #expect(elapsed >= 1.5 && elapsed <= 1.65, "took \(elapsed) s")
    }

    @Test func theFourFailuresReadDifferently() async throws {
        var wrong = try PostgresProbeTests.server()
        wrong.password = "wrong"
        let refused = PostgresCheckSpec(host: "127.0.0.1", port: try LoopbackServers.refusedPort(), user: "warroom")
        let hanging = try HangingServer()
        defer { hanging.stop() }
        let silent = PostgresCheckSpec(host: "127.0.0.1", port: hanging.port, user: "warroom")
        let ok = await run(try PostgresProbeTests.server())
        let reasons = [ok.reason, await run(wrong).reason, await run(refused).reason, await run(silent, timeout: Seconds(1)).reason]
        #expect(Set(reasons.map { $0.prefix(14) }).count == 4, "\(reasons)")
    }

    @Test func tlsRequiredButNotOffered() async throws {
        // The test server runs without TLS: `prefer` falls back, `require` refuses.
        var spec = try PostgresProbeTests.server()
        spec.tls = .prefer
        #expect(await run(spec).status == .ok)
        spec.tls = .require
        #expect(await run(spec).reason == "server does not support TLS")
    }

    @Test func cancellationStopsPromptly() async throws {
        let server = try HangingServer()
        defer { server.stop() }
        let start = ContinuousClock.now
        let task = Task { await run(PostgresCheckSpec(host: "127.0.0.1", port: server.port, user: "warroom"), timeout: Seconds(30)) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        _ = await task.value
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func connectionTimeIsWhatIsJudged() async throws {
        let o = await run(try PostgresProbeTests.server(), latency: LatencyThresholds(warn: Seconds(0.000_001), critical: nil))
        #expect(o.status == .warn)
        #expect(o.reason.contains("(slow: over "))
    }

    @Test func configReadsEveryKeyAndDefaults() throws {
        let text = """
        environment: e
        services:
          - id: db
            check:
              type: postgres
              host: 10.1.0.5
              user: warroom
              password: ${PGPASSWORD}
              tls: require
              latency: { warn: 20s, critical: 25s }
          - id: db2
            check: { type: postgres, host: h, port: 6432, user: u, database: d, query: SELECT now() }
        """
        let c = try WarroomConfig.parse(text, file: "p.yaml", environment: ["PGPASSWORD": "pg-secret"])
        guard case .postgres(let p) = c.services[0].check.probe, case .postgres(let q) = c.services[1].check.probe else {
            Issue.record("not postgres")
            return
        }
        #expect(p == PostgresCheckSpec(host: "10.1.0.5", port: 5432, user: "warroom", password: "pg-secret", database: "warroom", query: "SELECT 1", tls: .require))
        #expect(q == PostgresCheckSpec(host: "h", port: 6432, user: "u", database: "d", query: "SELECT now()"))
        #expect(c.services[0].check.latency == LatencyThresholds(warn: Seconds(20), critical: Seconds(25)))
        #expect(c.services[0].check.target == "postgres warroom@10.1.0.5:5432/warroom")
        #expect(!c.services[0].check.target.contains("pg-secret"))
        #expect(throws: ConfigErrors.self) {
            try WarroomConfig.parse("environment: e\nservices:\n  - id: a\n    check: {type: postgres, host: h, user: u, tls: maybe}\n", file: "p.yaml", environment: [:])
        }
    }
}
