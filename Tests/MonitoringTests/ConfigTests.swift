import Foundation
import Testing
@testable import Monitoring

@Suite struct ConfigTests {
    static let valid = """
    environment: staging
    defaults:
      interval: 5s
      timeout: 2s
    services:
      - id: backend
        name: backend-staging
        check:
          type: http
          url: http://127.0.0.1:8080/health
          method: post
          headers: { Authorization: "Bearer ${API_TOKEN}" }
          expect:
            status: [200, "3xx"]
            json:
              - { path: status, equals: healthy }
              - { path: checks.db, one_of: [ok, degraded] }
          latency: { warn: 500ms, critical: 2s }
      - id: db
        check: { type: tcp, host: localhost, port: 5432, interval: 1m }
    """

    @Test func readsAValidConfigWithDefaults() throws {
        let c = try WarroomConfig.parse(ConfigTests.valid, file: "w.yaml", environment: ["API_TOKEN": "s3cret-token"])
        #expect(c.environment == "staging")
        #expect(c.services.map(\.id) == ["backend", "db"])
        #expect(c.services[1].name == "db")
        #expect(c.services[0].check.timeout == Seconds(2))
        #expect(c.services[1].check.interval == Seconds(60))
        guard case .http(let h) = c.services[0].check.probe else { Issue.record("not http"); return }
        #expect(h.method == "POST")
        #expect(h.headers == [.init(name: "Authorization", value: "Bearer s3cret-token")])
        #expect(h.expectedStatus.contains(200) && h.expectedStatus.contains(302) && !h.expectedStatus.contains(503))
        #expect(h.jsonConditions.count == 2)
        #expect(c.services[0].check.latency == LatencyThresholds(warn: Seconds(0.5), critical: Seconds(2)))
        #expect(c.redactor.redact("token is s3cret-token") == "token is •••")
    }

    @Test func aStoreURLIsReadWithItsPasswordFromTheEnvironmentAndNeverShown() throws {
        let text = "environment: e\nservices:\n  - { id: a, check: { type: tcp, host: h, port: 1 } }\nstore: { url: \"postgres://ops:${DB_PW}@db.internal/incidents?sslmode=require\" }\n"
        let c = try WarroomConfig.parse(text, file: "f.yaml", environment: ["DB_PW": "hunter2-long"])
        #expect(c.storeURL == PostgresStoreURL(host: "db.internal", user: "ops", password: "hunter2-long", database: "incidents", tls: .require))
        #expect(c.storeURL?.description == "postgres://ops@db.internal:5432/incidents")
        #expect(c.redactor.redact("pw hunter2-long") == "pw •••")
    }

    /// Each malformed file must fail with its line and key named.
    @Test(arguments: [
        ("missing environment", "services:\n  - id: a\n    check: {type: tcp, host: h, port: 1}\n", 1, "environment", "required key 'environment' is missing"),
        ("bad port", "environment: e\nservices:\n  - id: a\n    check:\n      type: tcp\n      host: h\n      port: 99999\n", 7, "services[0].check.port", "must be between 1 and 65535"),
        ("unknown kind", "environment: e\nservices:\n  - id: a\n    check:\n      type: smtp\n", 5, "services[0].check.type", "unknown value 'smtp'"),
        ("bad duration", "environment: e\nservices:\n  - id: a\n    check:\n      type: tcp\n      host: h\n      port: 1\n      timeout: soon\n", 8, "services[0].check.timeout", "expected a duration"),
        ("typo key", "environment: e\nservices:\n  - id: a\n    check:\n      type: tcp\n      host: h\n      port: 1\n      intervl: 5s\n", 8, "services[0].check.intervl", "did you mean 'interval'"),
        ("bad url", "environment: e\nservices:\n  - id: a\n    check:\n      type: http\n      url: ftp://x\n", 6, "services[0].check.url", "expected an http:// or https:// URL"),
        ("services not a list", "environment: e\nservices:\n  backend: {}\n", 3, "services", "expected a list"),
        ("yaml syntax", "environment: e\nservices:\n  - id: [unclosed\n", 4, "", "not valid YAML"),
        ("missing env var", "environment: ${NOPE_NOT_SET}\nservices: []\n", 1, "environment", "environment variable NOPE_NOT_SET is not set"),
        ("duplicate id", "environment: e\nservices:\n  - id: a\n    check: {type: tcp, host: h, port: 1}\n  - id: a\n    check: {type: tcp, host: h, port: 1}\n", 5, "services[1].id", "duplicate id 'a'"),
        ("bad status", "environment: e\nservices:\n  - id: a\n    check:\n      type: http\n      url: http://x/\n      expect: { status: 7xx }\n", 7, "services[0].check.expect.status", "expected an HTTP status"),
        ("critical below warn", "environment: e\nservices:\n  - id: a\n    check:\n      type: tcp\n      host: h\n      port: 1\n      latency:\n        warn: 2s\n        critical: 1s\n", 10, "services[0].check.latency.critical", "must not be lower than warn"),
        ("store url port", "environment: e\nservices:\n  - { id: a, check: { type: tcp, host: h, port: 1 } }\nstore:\n  url: postgres://u@db:99999/x\n", 5, "store.url", "the URL has port 99999, outside 1–65535"),
        ("store url scheme", "environment: e\nservices:\n  - { id: a, check: { type: tcp, host: h, port: 1 } }\nstore:\n  url: mysql://u@db/x\n", 5, "store.url", "must start with postgres:// or postgresql://"),
        ("store path and url", "environment: e\nservices:\n  - { id: a, check: { type: tcp, host: h, port: 1 } }\nstore:\n  path: x.sqlite\n  url: postgres://u@db/x\n", 6, "store.url", "give path (a file) or url (a shared database), not both"),
    ])
    func malformedFilesNameLineAndKey(_ name: String, _ text: String, _ line: Int, _ key: String, _ message: String) throws {
        let path = "/configs/\(name.replacingOccurrences(of: " ", with: "-")).yaml"
        do {
            _ = try WarroomConfig.parse(text, file: path, environment: [:])
            Issue.record("\(name): expected an error")
        } catch let e as ConfigErrors {
            let first = try #require(e.errors.first)
            #expect(first.file == path, "\(name)")
            #expect(first.line == line, "\(name): \(e)")
            #expect(first.key == key, "\(name): \(e)")
            #expect(first.message.contains(message), "\(name): \(e)")
            #expect(e.description.hasPrefix("\(path):\(line):"), "\(name): \(e)")
        }
    }

    @Test func reportsErrorsOfSeveralServicesAtOnce() {
        let text = "environment: e\nservices:\n  - id: a\n    check: {type: tcp, host: h, port: 0}\n  - id: b\n    check: {type: nope}\n"
        #expect(throws: ConfigErrors.self) { try WarroomConfig.parse(text, file: "f", environment: [:]) }
        do { _ = try WarroomConfig.parse(text, file: "f", environment: [:]) } catch let e as ConfigErrors {
            #expect(e.errors.map(\.line) == [4, 6])
        } catch { Issue.record("\(error)") }
    }

    @Test func aControlCharacterIsNamedWithItsLineAndColumn() {
        let text = "environment: e\nservices:\n  - id: ä\u{01}b\n"
        do {
            _ = try WarroomConfig.parse(text, file: "f.yaml", environment: [:])
            Issue.record("expected an error")
        } catch let e as ConfigErrors {
            #expect(e.description == "f.yaml:3:10: cannot read the text: control characters are not allowed (U+0001)", "\(e)")
        } catch { Issue.record("\(error)") }
    }

    @Test func missingFileIsAClearError() {
        do {
            _ = try WarroomConfig.load(path: "/no/such/warroom.yaml")
            Issue.record("expected an error")
        } catch let e as ConfigErrors {
            #expect(e.description == "/no/such/warroom.yaml: cannot read the file: no such file")
        } catch { Issue.record("\(error)") }
    }

    @Test func aliasBombIsRefusedQuickly() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<12 { text += "a\(i): &a\(i) [*a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1)]\n" }
        text += "environment: e\nservices:\n  - id: s\n    check: {type: tcp, host: h, port: 1}\n    description: *a11\n"
        let start = Date()
        #expect(throws: ConfigErrors.self) { try WarroomConfig.parse(text, file: "bomb.yaml", environment: [:]) }
        #expect(Date().timeIntervalSince(start) < 15, "refused without expanding, not after a walk of the whole bomb")
    }

    @Test func envExpansionHandlesDefaultsAndEscapes() throws {
        let text = "environment: ${ENV_NAME:-staging}-$${literal}\nservices:\n  - id: a\n    check: {type: tcp, host: \"${DB_HOST}\", port: 5432}\n"
        let c = try WarroomConfig.parse(text, file: "f", environment: ["DB_HOST": "db.internal"])
        #expect(c.environment == "staging-${literal}")
        guard case .tcp(let t) = c.services[0].check.probe else { Issue.record("not tcp"); return }
        #expect(t.host == "db.internal")
        #expect(c.redactor.redact("db.internal:5432") == "•••:5432")
    }

    @Test(arguments: [("10s", 10.0), ("500ms", 0.5), ("1.5s", 1.5), ("2m", 120.0), ("1h", 3600.0), ("3", 3.0)])
    func durations(_ text: String, _ seconds: Double) {
        #expect(Seconds(parsing: text)?.value == seconds)
    }

    @Test func durationsRejectNonsense() {
        #expect(Seconds(parsing: "soon") == nil)
        #expect(Seconds(parsing: "-1s") == nil)
        #expect(Seconds(parsing: "5 parsecs") == nil)
    }
}
