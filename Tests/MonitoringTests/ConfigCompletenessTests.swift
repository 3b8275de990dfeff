import Foundation
import Testing
@testable import Monitoring

/// One load reports every problem a file has, each once, and nothing from a config can reach
/// a library's trap.
@Suite struct ConfigCompletenessTests {
    func errors(_ text: String, environment: [String: String] = [:]) -> [ConfigError] {
        do {
            _ = try WarroomConfig.parse(text, file: "c.yaml", environment: environment)
            return []
        } catch let e as ConfigErrors {
            return e.errors
        } catch {
            Issue.record("not a config error: \(error)")
            return []
        }
    }

    /// A port beyond 65535 passed `validate` and trapped in NIO at the first poll.
    @Test(arguments: [
        ("type: http\n      url: \"http://127.0.0.1:99999/\"", "services[0].check.url", "port 99999"),
        ("type: http\n      url: \"http://127.0.0.1:0/\"", "services[0].check.url", "port 0"),
        ("type: http\n      url: \"http://127.0.0.1:99999999999999999999999/\"", "services[0].check.url", "is not a number in 1-65535"),
        ("type: http\n      url: \"http://:80/\"", "services[0].check.url", "no host"),
        ("type: http\n      url: \"ws://127.0.0.1/\"", "services[0].check.url", "expected an http:// or https:// URL"),
        ("type: websocket\n      url: \"ws://127.0.0.1:70000/ws\"", "services[0].check.url", "port 70000"),
        ("type: http\n      url: \"http://127.0.0.1/\"\n      headers: { \"X-Bad Name\": v }", "services[0].check.headers.X-Bad Name", "not a header name"),
        ("type: http\n      url: \"http://127.0.0.1/\"\n      headers: { X-A: \"v\\r\\nInjected: 1\" }", "services[0].check.headers.X-A", "line break"),
    ])
    func urlsAreCheckedWholeAtLoad(_ check: String, _ key: String, _ message: String) {
        let found = errors("environment: e\nservices:\n  - id: a\n    check:\n      \(check)\n")
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.key == key, "\(found)")
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test func aStartupURLWithAPortOutOfRangeIsRefused() {
        let found = errors("environment: e\nservices:\n  - id: a\n    check: {type: tcp, host: h, port: 1}\n    startup: {type: http, url: \"http://h:65536/startup\"}\n")
        #expect(found.map(\.key) == ["services[0].startup.url"], "\(found)")
    }

    /// Durations too long for any use are refused at the key, not converted into a trap later.
    @Test func hugeDurationsAreRefusedAtTheirKey() {
        let found = errors("""
        environment: e
        services:
          - id: a
            check: {type: tcp, host: h, port: 1}
        impact:
          - id: r
            severity: P1
            title: t
            when: { service_failing: { service: a, for: 9999999999999h } }
            clear_after: 1e300s
        """)
        #expect(Set(found.map(\.key)) == ["impact[0].when.service_failing.for", "impact[0].clear_after"], "\(found)")
    }

    /// A bad `defaults.interval` hid six service errors.
    @Test func aBadDefaultHidesNothing() {
        var text = "environment: e\ndefaults: { interval: soon }\nservices:\n"
        for i in 0..<6 { text += "  - id: s\(i)\n    check: {type: tcp, host: h, port: \(70_000 + i)}\n" }
        let found = errors(text)
        #expect(found.count == 7, "\(found)")
        #expect(found.first?.key == "defaults.interval")
        #expect(found.dropFirst().allSatisfy { $0.message.contains("must be between 1 and 65535") })
    }

    /// A duplicate key hid other duplicates and unknown keys.
    @Test func duplicatesAndUnknownKeysAreAllReported() {
        let found = errors("""
        environment: e
        services:
          - id: a
            name: first
            name: second
            check: {type: tcp, host: h, port: 1}
            intervl: 5s
          - id: b
            check:
              type: tcp
              host: h
              host: other
              port: 2
        environment: again
        """)
        #expect(found.map(\.line) == [5, 7, 12, 14], "\(found)")
        #expect(found.map(\.key) == ["name", "services[0].intervl", "host", "environment"], "\(found)")
        #expect(found[0].message.contains("duplicate key 'name' (first at line 4)"))
        #expect(found[3].message.contains("duplicate key 'environment' (first at line 1)"))
    }

    @Test func aDuplicateInAFlowMappingIsFoundOnItsLine() {
        let found = errors("environment: e\nservices:\n  - { id: a, check: {type: tcp, host: h, port: 1, port: 2} }\n")
        #expect(found.count == 1 && found[0].line == 3 && found[0].message.contains("duplicate key 'port'"), "\(found)")
    }

    /// One unknown key inside a service's startup mapping also made the impact rule and the
    /// runbook that name the service fail.
    @Test func aServiceWithAnErrorStillCountsAsDeclared() {
        let found = errors("""
        environment: e
        services:
          - id: chat-api
            check: {type: tcp, host: h, port: 1}
            startup:
              type: http
              url: http://h/startup
              mapping: { phases: stages, nmae: stage }
        impact:
          - { id: one, severity: P1, title: t, when: { service_failing: chat-api } }
          - { id: two, severity: P1, title: t, when: { phase_failed: chat-api } }
        runbooks:
          - id: fix
            remedies: { services: [chat-api], banners: [two] }
            steps: [ { id: s, run: [/bin/true] } ]
        """)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.key == "services[0].startup.mapping.nmae")
        #expect(found.first?.message.contains("did you mean 'name'?") == true)
    }

    @Test func aRuleWithAnErrorStillCountsAsDeclaredForRunbooks() {
        let found = errors("""
        environment: e
        services: [ { id: a, check: {type: tcp, host: h, port: 1} } ]
        impact: [ { id: down, severity: P9, title: t, when: { service_failing: a } } ]
        runbooks: [ { id: fix, remedies: { banners: [down] }, steps: [ { id: s, run: [/bin/true] } ] } ]
        """)
        #expect(found.map(\.key) == ["impact[0].severity"], "\(found)")
    }

    /// `${jwtt}` was blamed on the environment, twice.
    @Test func aMistypedCaptureNamesTheCapturesThereAre() {
        let found = errors("""
        environment: e
        services: [ { id: a, check: {type: tcp, host: h, port: 1} } ]
        golden_path:
          steps:
            - id: login
              check: { type: http, url: "http://h/login", method: POST }
              capture: { jwt: token }
            - id: chat
              check: { type: websocket, url: "ws://h/ws", headers: { Authorization: "Bearer ${jwtt}" } }
        """)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.message == "no capture or environment variable 'jwtt' (captures so far: jwt)", "\(found)")
    }

    @Test func aCaptureUsedBeforeItIsMadeSaysTheOrder() {
        let found = errors("""
        environment: e
        services: [ { id: a, check: {type: tcp, host: h, port: 1} } ]
        golden_path:
          steps:
            - id: chat
              check: { type: websocket, url: "ws://h/ws", headers: { Authorization: "Bearer ${jwt}" } }
            - id: login
              check: { type: http, url: "http://h/login", method: POST }
              capture: { jwt: token }
        """)
        #expect(found.count == 1 && found[0].message.contains("only a later step captures"), "\(found)")
    }

    /// 3,000 services shaped like the README's example were refused as an alias bomb, the
    /// line printed once per service.
    @Test func tenThousandServicesLoadAndABombIsRefusedOnce() throws {
        var text = "environment: big\nservices:\n"
        for i in 0..<10_000 {
            text += """
              - id: s\(i)
                name: service-\(i)
                description: A service with a phased startup
                check:
                  type: http
                  url: https://staging.example.com/\(i)/health
                  headers: { Authorization: Bearer x }
                  expect:
                    status: [200, 204]
                    json:
                      - { path: status, equals: healthy }
                      - { path: checks.database, one_of: [ok, degraded] }
                  latency: { warn: 500ms, critical: 2s }
                  interval: 5s

            """
        }
        let config = try WarroomConfig.parse(text, file: "big.yaml", environment: [:])
        #expect(config.services.count == 10_000)

        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<9 { bomb += "l\(level): &l\(level) [" + Array(repeating: level == 1 ? "*a" : "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        bomb += "environment: e\nservices:\n"
        for i in 0..<50 { bomb += "  - { id: s\(i), check: {type: tcp, host: h, port: 1}, description: *l8 }\n" }
        let found = errors(bomb)
        #expect(found.count == 1 && found[0].message.contains("expands to more than"), "\(found.prefix(3))")
    }

    @Test func goStyleDurationsAndUnits() {
        #expect(TimeUnit.duration("1.5s") == 1.5)
        #expect(TimeUnit.duration("1m30s") == 90)
        #expect(TimeUnit.duration("250ms") == 0.25)
        #expect(abs((TimeUnit.duration("90µs") ?? 0) - 0.00009) < 1e-12)
        #expect(TimeUnit.duration("2h") == 7200)
        #expect(TimeUnit.duration("soon") == nil && TimeUnit.duration("-1s") == nil && TimeUnit.duration("1e400s") == nil && TimeUnit.duration("") == nil)
        #expect(TimeUnit.ms.seconds(20_000) == 20)
        #expect(TimeUnit.ms.seconds(text: "20000") == 20 && TimeUnit.ms.seconds(text: "1.5s") == 1.5)
        #expect(TimeUnit.s.seconds(.infinity) == nil && TimeUnit.s.seconds(-1) == nil)
    }

    /// A startup document in milliseconds showed `20000.0s / 20000.0s`.
    @Test func startupTimesInMillisecondsAreConverted() throws {
        let mapping = try ConfigReader.read("mapping:\n  elapsed: { path: ms, unit: ms }\n  timeout: { path: limit_ms, unit: ms }\n", file: "m.yaml") {
            try StartupMapping(reading: $0.required("mapping"))
        }
        let body = #"{"phases":[{"name":"DATABASE","status":"timeout","ms":20000,"limit_ms":20000},{"name":"CACHE","status":"ok","ms":"1.5s"}]}"#
        let r = try StartupSchema.report(from: Data(body.utf8), mapping: mapping)
        #expect(r.phases[0].elapsed == 20 && r.phases[0].timeout == 20 && r.phases[1].elapsed == 1.5)
        let wrong = try? ConfigReader.read("mapping:\n  elapsed: { path: ms, unit: parsecs }\n", file: "m.yaml") { try StartupMapping(reading: $0.required("mapping")) }
        #expect(wrong == nil)
    }
}
