import Foundation
import Monitoring

/// The config `warroom demo` runs: the staging of the outage, pointed at the built-in
/// simulator. `__SIM__` and `__WS__` stand for the simulator's HTTP and WebSocket base URLs.
enum DemoConfig {
    static let yaml = """
    # Warroom demo: the simulated staging of the outage this console was born from.
    environment: staging (simulated)
    defaults:
      interval: 5s
      timeout: 10s
      latency: { warn: 1s, critical: 5s }
    services:
      - id: backend
        name: backend-staging
        description: FastAPI app on the container platform; deterministic startup in numbered phases
        check:
          type: http
          url: __SIM__/backend/health
          expect:
            status: 200
            json:
              - { path: status, equals: healthy }
        startup:
          type: http
          url: __SIM__/backend/startup
          interval: 2s
      - id: agent-api
        name: agent-api
        description: Agent endpoints served by the backend
        check:
          type: http
          url: __SIM__/backend/api/agent/status
      - id: auth
        name: auth-staging
        description: Issues session tokens for the chat
        check:
          type: http
          url: __SIM__/auth/health
          expect: { status: 200 }
      - id: frontend
        name: frontend-staging
        description: Web client
        check:
          type: http
          url: __SIM__/frontend/health
          expect: { status: 200 }
      - id: database
        name: staging-shared-postgres
        description: Managed PostgreSQL behind the VPC connector — instance state from the simulator's admin API; __PG_NOTE__
        check:
          type: http
          url: __SIM__/admin/database
          expect:
            json:
              - { path: state, equals: RUNNABLE }
      - id: connector
        name: staging-connector
        description: VPC connector between the container platform and the database (10.1.0.0/28)
        check:
          type: http
          url: __SIM__/admin/connector
          expect:
            json:
              - { path: state, equals: READY }
              - { path: capacity, not_equals: exhausted }
    __POSTGRES__
    golden_path:
      name: Chat
      interval: 15s
      steps:
        - id: login
          name: User login
          check:
            type: http
            url: __SIM__/auth/login
            method: POST
            headers: { Content-Type: application/json }
            body: '{"username":"oncall@example.com","password":"demo"}'
            expect: { status: 200 }
          capture: { token: token }
        - id: chat
          name: WebSocket chat
          check:
            type: websocket
            url: __WS__/ws/chat
            headers: { Authorization: "Bearer ${token}" }
        - id: agent
          name: Agent response
          check:
            type: websocket
            url: __WS__/ws/chat
            headers: { Authorization: "Bearer ${token}" }
            send: '{"type":"chat","message":"Is chat back?"}'
            expect_events: [agent_started, agent_thinking, tool_executing, tool_completed, agent_completed]
            timeout: 15s
    impact:
      - id: chat-offline
        severity: P0
        title: Chat offline
        text: "{arr} pipeline blocked · {failing_step} fails · down {duration}"
        values: { arr: "$500K+ ARR" }
        when: { golden_path: failing }
        clear_after: 20s
      - id: backend-crashloop
        severity: P1
        title: Backend crash-looping
        text: "{phase} {phase_status} after {phase_elapsed} · exit {exit_code} · {restarts} restarts"
        when: { phase_failed: { service: backend } }
        clear_after: 20s
      - id: connector-capacity
        severity: P2
        title: VPC connector unavailable
        text: "{services} failing · platform cannot reach the database"
        when: { service_failing: { services: [connector], for: 10s } }
        clear_after: 20s
    runbooks:
      - id: staging-outage
        title: Restore staging chat
        description: The steps of the outage, in order; every command talks to the simulator's admin API.
        remedies:
          services: [backend, agent-api, connector]
          phases: [DATABASE]
          golden_path_steps: [login]
          banners: [chat-offline, backend-crashloop, connector-capacity]
        steps:
          - id: check-timeouts
            title: Check timeouts against known-good
            description: Compares the backend's live timeouts with the known-good values (initialization 75.0 s, table setup 25.0 s, connection 35.0 s, pool 45.0 s, health check 20.0 s).
            run: ["__WARROOM__", http, GET, __SIM__/admin/timeouts, --expect-json, initialization_s=75.0, --expect-json, table_setup_s=25.0,
                  --expect-json, connection_s=35.0, --expect-json, pool_s=45.0, --expect-json, health_check_s=20.0]
            expect: { exit: 0, on_mismatch: regression }
            timeout: 20s
          - id: describe-connector
            title: Describe the VPC connector
            description: State, CIDR, instances and capacity of the connector between the platform and the database.
            run: ["__WARROOM__", http, GET, __SIM__/admin/connector]
            expect: { output_not_matches: '"capacity":"exhausted"' }
            timeout: 20s
          - id: check-database
            title: Check the database instance
            description: The instance must be RUNNABLE with connections below the limit of 100.
            run: ["__WARROOM__", http, GET, __SIM__/admin/database, --expect-json, state=RUNNABLE]
            timeout: 20s
          - id: scale-connector
            title: Scale the connector up
            description: Gives the VPC connector capacity; the next startup attempt reaches the database.
            run: ["__WARROOM__", http, POST, __SIM__/admin/connector/scale, --expect-status, "200"]
            timeout: 20s
          - id: restart-backend
            title: Restart the backend
            description: Stops the running attempt and starts a new one now. Users see errors until it is ready.
            run: ["__WARROOM__", http, POST, __SIM__/admin/backend/restart, --expect-status, "202"]
            safety: dangerous
            timeout: 20s
          - id: validate-health
            title: Validate the health endpoints
            description: Waits up to 60 s for the backend to answer 200 once it has started.
            run: ["__WARROOM__", http, GET, __SIM__/backend/health, --expect-status, "200", --wait-for, "60"]
            timeout: 90s
    """

    /// A real PostgreSQL to watch as well, when `WARROOM_DEMO_POSTGRES` names one
    /// (`host=… port=… user=… password=… dbname=…`); the simulator has none of its own.
    static func postgresService(_ description: String?) -> String {
        guard let description, !description.isEmpty else { return "" }
        var fields: [String: String] = [:]
        for pair in description.split(separator: " ") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { fields[kv[0]] = kv[1] }
        }
        return """
          - id: postgres
            name: postgres (real)
            description: A real PostgreSQL named by WARROOM_DEMO_POSTGRES
            check:
              type: postgres
              host: "\(fields["host"] ?? "127.0.0.1")"
              port: \(fields["port"] ?? "5432")
              user: "\(fields["user"] ?? "postgres")"
              password: "${WARROOM_DEMO_POSTGRES_PASSWORD:-\(fields["password"] ?? "")}"
              database: "\(fields["dbname"] ?? fields["user"] ?? "postgres")"
              latency: { warn: 20s, critical: 25s }
        """
    }

    /// This program's own path, for the demo runbook's `warroom http` steps.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    static func config(simulatorURL: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WarroomConfig {
        try WarroomConfig.parse(text(simulatorURL: simulatorURL, environment: environment), file: "demo",
                                environment: environment.filter { $0.key.hasPrefix("WARROOM_DEMO_") })
    }

    /// The config text with the simulator's URLs, this program's path and the optional real
    /// PostgreSQL filled in.
    static func text(simulatorURL: String, environment: [String: String]) -> String {
        let ws = simulatorURL.replacingOccurrences(of: "http://", with: "ws://")
        return yaml
            .replacingOccurrences(of: "__POSTGRES__", with: postgresService(environment["WARROOM_DEMO_POSTGRES"]))
            .replacingOccurrences(of: "__PG_NOTE__", with: environment["WARROOM_DEMO_POSTGRES"].map { _ in "the real one is the postgres row" }
                ?? "no real PostgreSQL in this demo (set WARROOM_DEMO_POSTGRES to watch one)")
            .replacingOccurrences(of: "__SIM__", with: simulatorURL)
            .replacingOccurrences(of: "__WARROOM__", with: executablePath)
            .replacingOccurrences(of: "__WS__", with: ws)
    }
}
