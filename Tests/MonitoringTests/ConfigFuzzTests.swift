import Foundation
import Testing
import TestSupport
@testable import Monitoring

/// Half-edited, mangled and hostile config files: every one ends in a clear error naming the
/// file (or in a valid config), never in a crash or a hang.
@Suite struct ConfigFuzzTests {
    /// A config with every kind of section: services of each check type, startup, golden path,
    /// impact rules, runbooks.
    static let seed = """
    environment: staging
    defaults: { interval: 5s, timeout: 10s, latency: { warn: 1s, critical: 5s } }
    services:
      - id: backend
        name: backend-staging
        check:
          type: http
          url: http://127.0.0.1:8080/backend/health
          expect: { status: 200, json: [ { path: status, equals: healthy } ] }
        startup: { type: http, url: "http://127.0.0.1:8080/backend/startup", interval: 2s }
      - id: db
        name: postgres
        check: { type: postgres, host: 127.0.0.1, port: 5432, user: u, password: p, database: d }
      - id: tcp
        name: cache
        check: { type: tcp, host: 127.0.0.1, port: 6379 }
      - id: cmd
        name: disk
        check: { type: command, run: [/bin/true], timeout: 2s }
      - id: ws
        name: chat
        check: { type: websocket, url: "ws://127.0.0.1:8080/ws", send: hi, expect_events: [a, b] }
    golden_path:
      name: Chat
      interval: 30s
      steps:
        - id: login
          name: Login
          check: { type: http, url: "http://127.0.0.1:8080/login", method: POST, body: '{"u":1}' }
          capture: { token: token }
        - id: chat
          name: Chat
          check: { type: websocket, url: "ws://127.0.0.1:8080/ws", headers: { Authorization: "Bearer ${token}" } }
    impact:
      - id: chat-offline
        severity: P0
        title: Chat offline
        text: "{arr} blocked · down {duration}"
        values: { arr: "$500K+ ARR" }
        when: { any: [ { golden_path: failing }, { service_failing: { service: backend, for: 2m } } ] }
        clear_after: 1m
    runbooks:
      - id: fix
        title: Fix it
        remedies: { services: [backend], banners: [chat-offline] }
        steps:
          - { id: check, title: Check, run: [/bin/echo, "{who}"], params: [ { name: who, default: me } ] }
          - { id: restart, title: Restart, shell: "echo restart", safety: dangerous, timeout: 30s }
    """

    @Test func thousandsOfMangledConfigsEndInAClearErrorOrAValidConfig() {
        var g = ConfigMutator(seed: 20_261_125)
        var errors = 0, valid = 0
        for n in 0..<5000 {
            let text = g.mutate(Self.seed)
            do {
                let config = try WarroomConfig.parse(text, file: "fuzz.yaml", environment: ["A": "a"])
                if let problem = ConfigInvariants.problem(config) { Issue.record("case \(n): loaded with \(problem)") }
                valid += 1
            } catch let e as ConfigErrors {
                errors += 1
                #expect(e.description.contains("fuzz.yaml"), "case \(n): an error without the file:\n\(e)")
            } catch {
                Issue.record("case \(n): not a config error: \(error)")
            }
        }
        #expect(errors > 500 && valid > 10, "the mutations should give both: \(errors) errors, \(valid) valid")
    }

    /// A config of 2,000 services, mangled: a large file ends like a small one, in one clear
    /// error per problem (never the same one repeated per service) or a config that keeps
    /// every promise.
    @Test func mangledLargeConfigsEndInClearErrors() {
        var text = "environment: big\ndefaults: { interval: 10s, timeout: 5s }\nservices:\n"
        for i in 0..<2000 {
            text += "  - id: s\(i)\n    name: service-\(i)\n    check:\n      type: http\n      url: \"http://127.0.0.1:8080/\(i)/health\"\n      latency: { warn: 500ms, critical: 2s }\n"
        }
        var g = ConfigMutator(seed: 20_261_203)
        for n in 0..<40 {
            let mangled = g.mutate(text)
            do {
                let config = try WarroomConfig.parse(mangled, file: "big.yaml", environment: [:])
                if let problem = ConfigInvariants.problem(config) { Issue.record("case \(n): loaded with \(problem)") }
            } catch let e as ConfigErrors {
                #expect(e.errors.count <= 8, "case \(n): \(e.errors.count) errors for at most four mutations:\n\(e.errors.prefix(5))")
                #expect(Set(e.errors).count == e.errors.count, "case \(n): an error repeated")
            } catch {
                Issue.record("case \(n): not a config error: \(error)")
            }
        }
    }

    @Test func aliasBombsAreRefusedWithoutExpanding() throws {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 {
            bomb += "l\(level): &l\(level) [" + Array(repeating: level == 1 ? "*a" : "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        bomb += "environment: e\nservices: *l11\n"
        let start = Date()
        do {
            _ = try WarroomConfig.parse(bomb, file: "bomb.yaml", environment: [:])
            Issue.record("an alias bomb was accepted")
        } catch let e as ConfigErrors {
            #expect(e.description.contains("bomb.yaml"))
        }
        #expect(Date().timeIntervalSince(start) < 15, "refused without expanding, not after a walk of the whole bomb")
    }

    @Test func aFewAliasesForSharedSettingsStillWork() throws {
        let config = try WarroomConfig.parse("""
        environment: e
        services:
          - { id: a, check: &probe { type: tcp, host: 127.0.0.1, port: 1 } }
          - { id: b, check: *probe }
        """, file: "ok.yaml", environment: [:])
        #expect(config.services.count == 2)
    }
}
