import Foundation
import Testing
@testable import Monitoring

/// The startup JSON schema, and the `startup:` block of a service's config.
@Suite struct StartupSchemaTests {
    /// What the simulated staging's `GET /backend/startup` serves at the start of the replay.
    static let simulatorBody = #"""
    {"service":"backend-staging","attempt":7,"revision":"backend-staging-00042-xk2","state":"crashloop","exit_code":3,"restarts":6,"updated_at":"2026-11-25T16:47:37Z","phases":[{"name":"INIT","status":"ok","started_at":"2026-11-25T16:47:16Z","ended_at":"2026-11-25T16:47:16Z","elapsed_s":0.4,"timeout_s":5.0,"error":null},{"name":"DEPENDENCIES","status":"ok","started_at":"2026-11-25T16:47:16Z","ended_at":"2026-11-25T16:47:17Z","elapsed_s":0.6,"timeout_s":10.0,"error":null},{"name":"DATABASE","status":"timeout","started_at":"2026-11-25T16:47:17Z","ended_at":"2026-11-25T16:47:37Z","elapsed_s":20.0,"timeout_s":20.0,"error":"Database initialization timeout after 20.0s in staging environment"},{"name":"CACHE","status":"skipped","started_at":null,"ended_at":null,"elapsed_s":null,"timeout_s":10.0,"error":null},{"name":"SERVICES","status":"skipped","started_at":null,"ended_at":null,"elapsed_s":null,"timeout_s":15.0,"error":null},{"name":"WEBSOCKET","status":"skipped","started_at":null,"ended_at":null,"elapsed_s":null,"timeout_s":10.0,"error":null},{"name":"READY","status":"skipped","started_at":null,"ended_at":null,"elapsed_s":null,"timeout_s":5.0,"error":null}]}
    """#

    static func time(_ text: String) -> Date? { ISOTime.parse(text) }

    @Test func ourSchemaWithEveryField() throws {
        let r = try StartupSchema.report(from: Data(StartupSchemaTests.simulatorBody.utf8))
        #expect(r.service == "backend-staging")
        #expect(r.attempt == 7)
        #expect(r.revision == "backend-staging-00042-xk2")
        #expect(r.state == "crashloop")
        #expect(r.exitCode == 3)
        #expect(r.restarts == 6)
        #expect(r.updatedAt == StartupSchemaTests.time("2026-11-25T16:47:37Z"))
        #expect(r.phases.map(\.name) == ["INIT", "DEPENDENCIES", "DATABASE", "CACHE", "SERVICES", "WEBSOCKET", "READY"])
        #expect(r.phases.map(\.status) == [.ok, .ok, .timeout, .skipped, .skipped, .skipped, .skipped])
        let database = try #require(r.failingPhase)
        #expect(database == StartupPhase(
            name: "DATABASE", status: .timeout,
            startedAt: StartupSchemaTests.time("2026-11-25T16:47:17Z"), endedAt: StartupSchemaTests.time("2026-11-25T16:47:37Z"),
            elapsed: 20.0, timeout: 20.0, error: "Database initialization timeout after 20.0s in staging environment"
        ))
        #expect(r.runningPhase == nil)
        #expect(r.phases[3].timeout == 10.0 && r.phases[3].startedAt == nil && r.phases[3].elapsed == nil)
    }

    @Test func onlyPhasesIsRequired() throws {
        let r = try StartupSchema.report(from: Data(#"{"phases":[{"name":"INIT","status":"OK"},{"name":"DATABASE","status":"Running","started_at":"2026-11-25T16:47:17.123Z"}]}"#.utf8))
        #expect(r == StartupReport(phases: [
            StartupPhase(name: "INIT", status: .ok),
            StartupPhase(name: "DATABASE", status: .running, startedAt: StartupSchemaTests.time("2026-11-25T16:47:17.123Z")),
        ]))
        #expect(r.runningPhase?.name == "DATABASE")
        // A running phase without `elapsed` is measured from its start.
        let later = try #require(StartupSchemaTests.time("2026-11-25T16:47:20.123Z"))
        #expect(abs((r.runningPhase?.elapsed(at: later) ?? 0) - 3.0) < 0.001)
    }

    @Test func aForeignShapeThroughAMapping() throws {
        let root = try ConfigReader.document("""
        mapping:
          phases: data.stages
          name: stage
          status: state
          status_values: { succeeded: ok, error: failed, timed_out: timeout, in_progress: running, queued: pending }
          elapsed: duration_seconds
          timeout: budget_seconds
          error: message
          started_at: begin
          ended_at: end
          attempt: data.run
          revision: data.rev
          exit_code: data.exit
          restarts: data.restarts
          state: data.state
          service: data.name
          updated_at: data.updated
        """, file: "m.yaml")
        let mapping = try StartupMapping(reading: try #require(try root.child("mapping")))
        let body = #"""
        {"data": {"name": "orders-api", "run": 3, "rev": "r-17", "exit": 1, "restarts": 2, "state": "failed",
                  "updated": "2026-11-25T10:00:05.5Z",
                  "stages": [
                    {"stage": "boot", "state": "SUCCEEDED", "duration_seconds": 1.5, "budget_seconds": 10, "begin": "2026-11-25T10:00:00Z", "end": "2026-11-25T10:00:01.5Z"},
                    {"stage": "migrate", "state": "timed_out", "duration_seconds": "3", "budget_seconds": 3, "message": "lock wait\u001b[31m timeout"},
                    {"stage": "serve", "state": "queued"},
                    {"stage": "warm", "state": "pending"}]}}
        """#
        let r = try StartupSchema.report(from: Data(body.utf8), mapping: mapping)
        #expect(r.service == "orders-api")
        #expect(r.attempt == 3 && r.revision == "r-17" && r.exitCode == 1 && r.restarts == 2 && r.state == "failed")
        #expect(r.updatedAt == Date(timeIntervalSince1970: 1_795_600_805.5))
        #expect(r.phases.map(\.name) == ["boot", "migrate", "serve", "warm"])
        #expect(r.phases.map(\.status) == [.ok, .timeout, .pending, .pending])
        #expect(r.phases[0].elapsed == 1.5 && r.phases[0].timeout == 10)
        #expect(r.phases[0].endedAt == Date(timeIntervalSince1970: 1_795_600_801.5))
        #expect(r.phases[1].elapsed == 3 && r.phases[1].error == "lock wait timeout")
        #expect(r.failingPhase?.name == "migrate")
    }

    @Test(arguments: [
        ("<html><body>Bad gateway</body></html>", "not JSON (starts with '<html><body>Bad gate')"),
        ("", "empty"),
        (#"[1, 2]"#, "expected an object, found a list"),
        (#"{"service": "backend"}"#, "phases: missing"),
        (#"{"phases": null}"#, "phases: missing"),
        (#"{"phases": {"INIT": "ok"}}"#, "phases: expected a list, found an object"),
        (#"{"phases": [{"name": "A", "status": "ok"}, {"name": "B", "status": "ok"}, {"name": "C", "status": "weird"}]}"#,
         "phases[2].status 'weird' is not one of pending, running, ok, failed, timeout, skipped"),
        (#"{"phases": [{"name": "INIT", "status": "ok", "elapsed_s": "fast"}]}"#, "phases[0].elapsed_s: expected a time in s or a duration such as 1.5s, found 'fast'"),
        (#"{"phases": [{"name": "INIT", "status": "ok", "timeout_s": [5]}]}"#, "phases[0].timeout_s: expected a time in s or a duration such as 1.5s, found a list"),
        (#"{"phases": [{"status": "ok"}]}"#, "phases[0].name: missing"),
        (#"{"phases": [{"name": "INIT"}]}"#, "phases[0].status: missing"),
        (#"{"phases": ["INIT"]}"#, "phases[0]: expected an object, found 'INIT'"),
        (#"{"phases": [{"name": "INIT", "status": "ok", "started_at": "yesterday"}]}"#,
         "phases[0].started_at: expected an ISO 8601 time such as 2026-11-25T16:47:37Z, found 'yesterday'"),
        (#"{"attempt": 7.5, "phases": []}"#, "attempt: expected a whole number, found 7.5"),
        (#"{"exit_code": true, "phases": []}"#, "exit_code: expected a whole number, found true"),
    ])
    func malformedInputNamesThePath(_ body: String, _ reason: String) {
        #expect(throws: StartupSchema.Failure(reason: reason)) { try StartupSchema.report(from: Data(body.utf8)) }
    }

    @Test func mappedPathsAreNamedAsMapped() throws {
        let root = try ConfigReader.document("mapping: { phases: data.stages, status: state }", file: "m.yaml")
        let mapping = try StartupMapping(reading: try #require(try root.child("mapping")))
        #expect(throws: StartupSchema.Failure(reason: "data.stages[0].state 'done' is not one of pending, running, ok, failed, timeout, skipped")) {
            try StartupSchema.report(from: Data(#"{"data": {"stages": [{"name": "boot", "state": "done"}]}}"#.utf8), mapping: mapping)
        }
        #expect(throws: StartupSchema.Failure(reason: "data.stages: missing")) {
            try StartupSchema.report(from: Data(#"{"phases": []}"#.utf8), mapping: mapping)
        }
    }
}

/// The `startup:` block of a service, read on its own (ServiceConfig does not read it yet).
@Suite struct StartupConfigTests {
    func spec(_ yaml: String) throws -> StartupSourceSpec {
        try ConfigReader.read(yaml, file: "startup.yaml", environment: ["STARTUP_TOKEN": "s3cret-token"]) { root in
            try StartupSourceSpec(reading: try #require(try root.child("startup")))
        }
    }

    @Test func httpWithEveryKey() throws {
        let s = try spec("""
        startup:
          type: http
          url: http://127.0.0.1:8080/backend/startup
          headers: { Authorization: "Bearer ${STARTUP_TOKEN}" }
          interval: 2s
          timeout: 1500ms
          mapping: { phases: data.stages, status_values: { succeeded: ok } }
        """)
        guard case .http(let h) = s.source else { Issue.record("not http: \(s)"); return }
        #expect(h.url == "http://127.0.0.1:8080/backend/startup")
        #expect(h.headers == [HTTPCheckSpec.Header(name: "Authorization", value: "Bearer s3cret-token")])
        #expect(h.interval == Seconds(2) && h.timeout == Seconds(1.5))
        #expect(h.mapping.phases == JSONPath("data.stages") && h.mapping.name == JSONPath("name"))
        #expect(h.mapping.statusValues == ["succeeded": .ok])
        #expect(s.description == "GET http://127.0.0.1:8080/backend/startup every 2s")
    }

    @Test func httpDefaults() throws {
        let s = try spec("startup: { type: http, url: 'http://staging.example.com/backend/startup' }")
        #expect(s == StartupSourceSpec(source: .http(StartupEndpointSpec(url: "http://staging.example.com/backend/startup"))))
        #expect(s.description == "GET http://staging.example.com/backend/startup every 5s")
    }

    @Test func logFileWithThePreset() throws {
        let s = try spec("""
        startup:
          type: log
          file: /var/log/backend.log
          phases: [INIT, DEPENDENCIES, DATABASE, CACHE, SERVICES, WEBSOCKET, READY]
          backlog: 1MB
          preset: phased-startup
        """)
        guard case .log(let l) = s.source else { Issue.record("not log: \(s)"); return }
        #expect(l.input == .file("/var/log/backend.log"))
        #expect(l.format == .plain)
        #expect(l.phases == StartupRecordings.phases)
        #expect(l.backlog == 1 << 20)
        #expect(l.rules == (try StartupLogSpec.phasedStartupRules()))
        #expect(l.rules.map(\.pattern.source) == [
            #"startup attempt (\d+) revision (\S+)"#,
            #"Phase \d+ (\w+) started \(timeout ([0-9.]+)s\)"#,
            #"Phase \d+ (\w+) completed in ([0-9.]+)s"#,
            #"Phase \d+ (\w+) failed: (.*timeout after ([0-9.]+)s.*)"#,
            #"exit code (\d+)"#,
            #"restarting \(restart (\d+)\)"#,
        ])
        #expect(l.rules[3] == StartupLogRule(pattern: l.rules[3].pattern, phase: "$1", status: .timeout, elapsed: "$3", error: "$2"))
        #expect(s.description == "log /var/log/backend.log")
    }

    @Test func logCommandJSONWithRules() throws {
        let s = try spec("""
        startup:
          type: log
          command: [kubectl, logs, -f, deploy/backend, --since, 10m]
          format: json
          message_field: jsonPayload.message
          rules:
            - match: 'stage (\\w+) begins'
              phase: '$1'
              status: running
            - match: 'ready'
              state: running
        """)
        guard case .log(let l) = s.source else { Issue.record("not log: \(s)"); return }
        #expect(l.input == .command(.arguments(["kubectl", "logs", "-f", "deploy/backend", "--since", "10m"])))
        #expect(l.format == .json && l.messageFields == [JSONPath("jsonPayload.message")!])
        #expect(l.backlog == StartupLogSpec.defaultBacklog)
        #expect(l.rules.count == 2 && l.rules[0].pattern.source == #"stage (\w+) begins"# && l.rules[1].state == "running")
        #expect(s.description == "log: kubectl logs -f deploy/backend --since 10m")
        let shell = try spec("startup: { type: log, shell: \"gcloud logging tail 'resource.type=cloud_run_revision'\", preset: phased-startup }")
        #expect(shell.description == "log: gcloud logging tail 'resource.type=cloud_run_revision'")
    }

    /// Each bad block fails at its line and key.
    @Test(arguments: [
        ("startup:\n  type: smtp\n", 2, "startup.type", "unknown value 'smtp'; expected one of: http, log"),
        ("startup:\n  url: http://x/\n", 2, "startup.type", "required key 'type' is missing"),
        ("startup:\n  type: log\n  file: /var/log/a.log\n  rules:\n    - match: 'Phase (\\d+'\n      phase: '$1'\n", 5, "startup.rules[0].match", "not a valid regular expression: 'Phase (\\d+'"),
        ("startup:\n  type: log\n  file: /var/log/a.log\n  command: [kubectl, logs]\n  preset: phased-startup\n", 4, "startup.command", "give one of file, command or shell, not file and command"),
        ("startup:\n  type: log\n  preset: phased-startup\n", 2, "startup.file", "required key 'file' (a path), 'command'"),
        ("startup:\n  type: log\n  file: /var/log/a.log\n", 2, "startup.rules", "required key 'rules' (a list of {match: …}) or 'preset: phased-startup' is missing"),
        ("startup:\n  type: log\n  file: /var/log/a.log\n  preset: django\n", 4, "startup.preset", "unknown value 'django'; expected one of: phased-startup"),
        ("startup:\n  type: log\n  command: kubectl logs -f x\n  preset: phased-startup\n", 3, "startup.command", "for a command line use shell:"),
        ("startup:\n  type: log\n  file: /a\n  rules:\n    - { match: 'x', status: broken }\n", 5, "startup.rules[0].status", "unknown value 'broken'; expected one of: pending, running, ok, failed, timeout, skipped"),
        ("startup:\n  type: log\n  file: /a\n  rules:\n    - match: '(\\w+) failed: (.*)'\n      error: '$3'\n", 6, "startup.rules[0].error", "refers to $3 but the pattern has 2 groups"),
        ("startup:\n  type: log\n  file: /a\n  rules:\n    - match: 'boom'\n", 5, "startup.rules[0]", "sets nothing"),
        ("startup:\n  type: log\n  file: /a\n  message_field: msg\n  preset: phased-startup\n", 4, "startup.message_field", "only for format: json"),
        ("startup:\n  type: log\n  file: /a\n  backlog: lots\n  preset: phased-startup\n", 4, "startup.backlog", "expected a size such as 256KB or 1MB, found 'lots'"),
        ("startup:\n  type: log\n  file: /a\n  phases: [INIT, init]\n  preset: phased-startup\n", 4, "startup.phases[1]", "'init' is listed twice"),
        ("startup:\n  type: http\n  url: http://x/\n  intervl: 5s\n", 4, "startup.intervl", "unknown key 'intervl'; did you mean 'interval'?"),
        ("startup:\n  type: http\n  url: http://x/\n  mapping:\n    status_values: { done: finished }\n", 5, "startup.mapping.status_values.done", "unknown value 'finished'"),
        ("startup:\n  type: http\n  url: http://x/\n  mapping: { phases: 'a..b' }\n", 4, "startup.mapping.phases", "'a..b' is not a path"),
        ("startup:\n  type: http\n  url: ftp://x/\n", 3, "startup.url", "expected an http:// or https:// URL"),
        ("startup:\n  type: http\n  url: http://x/\n  file: /var/log/a.log\n", 4, "startup.file", "unknown key 'file'"),
    ])
    func badBlocksNameLineAndKey(_ yaml: String, _ line: Int, _ key: String, _ message: String) throws {
        do {
            let s = try spec(yaml)
            Issue.record("expected an error, read \(s)")
        } catch let errors as ConfigErrors {
            #expect(errors.errors.count == 1, "\(errors)")
            let e = try #require(errors.errors.first)
            #expect(e.file == "startup.yaml")
            #expect(e.line == line, "\(e)")
            #expect(e.key == key, "\(e)")
            #expect(e.message.contains(message), "\(e)")
        }
    }
}
