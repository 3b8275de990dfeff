import Foundation
import Monitoring
import PostgresNIO
import Testing
import TestSupport
@testable import Store

/// The shared store against the real PostgreSQL that `scripts/test` starts (described by
/// `WARROOM_TEST_POSTGRES`): each test works in an environment, or a database, of its own.
@Suite(.serialized) struct PostgresStoreTests {
    /// The test server as a store URL. Fails the test, not skips it, when the server is not
    /// there: these checks must run in CI.
    static func server(database: String? = nil) throws -> PostgresStoreURL {
        let fields = try TestPostgres.fields()
        return PostgresStoreURL(host: try #require(fields["host"]), port: try #require(fields["port"].flatMap { Int($0) }),
                                user: try #require(fields["user"]), password: fields["password"],
                                database: database ?? fields["dbname"] ?? "warroom", tls: .disable)
    }

    static func environment() -> String { "test-\(UUID().uuidString.prefix(8))" }

    /// A database of its own, dropped by `drop`.
    static func freshDatabase() throws -> PostgresStoreURL {
        let name = "warroom_t_\(UUID().uuidString.prefix(8).lowercased())"
        try admin("CREATE DATABASE \(name)")
        return try server(database: name)
    }

    static func admin(_ sql: String, database: String = "postgres") throws {
        let url = try server(database: database)
        let c = try PostgresConnection.connect(on: .singletonMultiThreadedEventLoopGroup.next(),
                                               configuration: .init(host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable),
                                               id: 1, logger: PostgresStore.logger).wait()
        defer { try? c.close().wait() }
        for statement in sql.split(separator: ";") {
            _ = try c.query(PostgresQuery(unsafeSQL: String(statement)), logger: PostgresStore.logger).wait()
        }
    }

    static func result(_ id: String, _ status: CheckStatus, at: Date, ms: Double? = 3, reason: String = "r") -> CheckResult {
        CheckResult(checkID: id, outcome: ProbeOutcome(status: status, latency: ms.map { .milliseconds(Int64($0)) }, reason: reason), startedAt: at, finishedAt: at)
    }

    @Test func keepsAndRestoresWhatTheSQLiteStoreKeeps() throws {
        let url = try Self.server()
        let env = Self.environment()
        let store = try PostgresStore(url: url, environment: env)
        defer { store.close() }
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        var results: [CheckResult] = []
        for i in 0..<150 { results.append(Self.result("api", i < 100 ? .ok : .fail, at: t0.addingTimeInterval(Double(i)), ms: i % 7 == 0 ? nil : Double(i))) }
        try store.record(Array(results[..<60]))
        try store.record(Array(results[60...]))
        try store.record([Self.result("db", .warn, at: t0, reason: "slow")])
        let h = try store.history(for: ["api", "db", "never"], now: t0.addingTimeInterval(200))
        #expect(h.keys.sorted() == ["api", "db"])
        let api = try #require(h["api"])
        #expect(api.samples.count == ServiceHistory.sampleLimit)
        #expect(api.samples.last?.at == t0.addingTimeInterval(149))
        #expect(api.samples.first?.at == t0.addingTimeInterval(30))
        #expect(api.samples.contains { $0.latencyMilliseconds == nil })
        #expect(api.lastStatus == .fail)
        #expect(api.since == t0.addingTimeInterval(100))
        #expect(api.minutes.reduce(0) { $0 + $1.ok } == 100)
        #expect(api.minutes.reduce(0) { $0 + $1.fail } == 50)
        #expect(h["db"]?.lastStatus == .warn)

        let events = (0..<3).map { TimelineEvent(at: t0.addingTimeInterval(Double($0)), kind: .serviceDown, subject: "api", sentence: "down \($0)") }
        try store.append(events)
        try store.append([events[0]])
        #expect(try store.timeline(limit: 10).map(\.sentence) == ["down 2", "down 1", "down 0"])

        var banner = BannerRecord(ruleID: "chat", raisedAt: t0, lastHeldAt: t0)
        try store.save(banner)
        banner.acknowledgedBy = "alice"
        banner.acknowledgedAt = t0.addingTimeInterval(5)
        banner.lastHeldAt = t0.addingTimeInterval(9)
        try store.save(banner)
        #expect(try store.banners() == [banner])

        let entry = AuditEntry(seq: 1, runID: UUID(), kind: "started", at: t0, hash: "h-\(env)", line: "{}")
        try store.keep([entry, entry])
        #expect(try store.auditEntries(limit: 5) == [entry])
    }

    @Test func environmentsInOneDatabaseNeverMix() throws {
        let url = try Self.server()
        let a = try PostgresStore(url: url, environment: Self.environment())
        defer { a.close() }
        let b = try PostgresStore(url: url, environment: Self.environment())
        defer { b.close() }
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        try a.record([Self.result("api", .ok, at: t)])
        try a.append([TimelineEvent(at: t, kind: .note, subject: "x", sentence: "only in a")])
        #expect(try b.history(for: ["api"], now: t).isEmpty)
        #expect(try b.timeline(limit: 5).isEmpty)
    }

    @Test func oneWriterPerEnvironmentTheOthersRead() throws {
        let url = try Self.server()
        let env = Self.environment()
        let first = StoreOpener.open(url: url, environment: env)
        defer { first.close() }
        #expect(first.status.mode == .file, "\(first.status)")
        #expect(first.status.sentence == "history kept in \(url)")
        let second = StoreOpener.open(url: url, environment: env)
        defer { second.close() }
        #expect(second.status.mode == .readOnly)
        #expect(second.status.sentence == "read-only: another console writes \(env) in \(url)")
        // The writer's results reach the reader through the database.
        let t = Date()
        first.record([Self.result("api", .fail, at: t)])
        first.flush()
        #expect(second.restore(checkIDs: ["api"], now: t).histories["api"]?.lastStatus == .fail)
        // When the writer goes, its lock goes with its connection.
        first.close()
        let third = StoreOpener.open(url: url, environment: env)
        defer { third.close() }
        #expect(third.status.mode == .file, "\(third.status)")
    }

    @Test func aNewerSchemaIsRefusedAndLeftAlone() throws {
        let url = try Self.freshDatabase()
        defer { try? Self.admin("DROP DATABASE \(url.database) WITH (FORCE)") }
        try PostgresStore(url: url, environment: "e").close()
        try Self.admin("INSERT INTO warroom_schema (version) VALUES (99)", database: url.database)
        #expect(throws: StoreError.newerSchema(path: url.description, unknownMigrations: ["v99"])) {
            try PostgresStore(url: url, environment: "e")
        }
        let writer = StoreOpener.open(url: url, environment: "e")
        defer { writer.close() }
        #expect(writer.status.mode == .memory)
        #expect(writer.status.sentence.contains("newer warroom"), "\(writer.status)")
    }

    @Test func readOnlyNeverCreatesTheSchema() throws {
        let url = try Self.freshDatabase()
        defer { try? Self.admin("DROP DATABASE \(url.database) WITH (FORCE)") }
        #expect(throws: StoreError.olderSchema(path: url.description)) {
            try PostgresStore(url: url, environment: "e", readOnly: true)
        }
        let reader = StoreOpener.reader(url: url, environment: "e")
        reader.close()
        #expect(reader.status.mode == .memory)
    }

    @Test func aRoleWithoutWriteRightsReadsAndChangesNothing() throws {
        let url = try Self.server()
        let env = Self.environment()
        let writer = try PostgresStore(url: url, environment: env)
        try writer.append([TimelineEvent(at: Date(), kind: .note, subject: "x", sentence: "kept")])
        writer.close()
        let role = "viewer_\(UUID().uuidString.prefix(6).lowercased())"
        try Self.admin("CREATE ROLE \(role) LOGIN PASSWORD 'viewer-pw'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role)", database: url.database)
        defer { try? Self.admin("DROP OWNED BY \(role); DROP ROLE \(role)", database: url.database) }
        var viewer = url
        viewer.user = role
        viewer.password = "viewer-pw"
        let opened = StoreOpener.open(url: viewer, environment: env)
        defer { opened.close() }
        #expect(opened.status.mode == .readOnly, "\(opened.status)")
        #expect(opened.restore(checkIDs: [], now: Date()).timeline.map(\.sentence) == ["kept"])
    }

    @Test func everyFailureSaysWhereAndWhatToDo() throws {
        var url = try Self.server()
        url.password = "wrong-\(UUID().uuidString)"
        let wrong = StoreOpener.open(url: url, environment: "e")
        wrong.close()
        #expect(wrong.status.sentence.contains("refused user \"\(url.user)\""), "\(wrong.status)")
        #expect(wrong.status.sentence.contains("check the password"))
        #expect(!wrong.status.sentence.contains(url.password!))

        var missing = try Self.server()
        missing.database = "no_such_db_here"
        let m = StoreOpener.open(url: missing, environment: "e")
        m.close()
        #expect(m.status.sentence.contains("database \"no_such_db_here\" does not exist on \(missing.server)"), "\(m.status)")

        let port = try LoopbackServers.refusedPort()
        let r = StoreOpener.open(url: PostgresStoreURL(host: "127.0.0.1", port: port, user: "u", database: "d", tls: .disable), environment: "e")
        r.close()
        #expect(r.status.sentence.contains("cannot reach PostgreSQL at 127.0.0.1:\(port)"), "\(r.status)")
        #expect(r.status.sentence.contains("refused"))
    }
}

@Suite struct PostgresStoreURLTests {
    let env = ["USER": "alice"]

    @Test func readsALibpqURL() throws {
        let u = try PostgresStoreURL(parsing: "postgres://bob:s3cret@db.example:6543/incidents?sslmode=require", variables: env)
        #expect(u == PostgresStoreURL(host: "db.example", port: 6543, user: "bob", password: "s3cret", database: "incidents", tls: .require))
        #expect(u.description == "postgres://bob@db.example:6543/incidents")
        #expect(!"\(u)".contains("s3cret"))
    }

    @Test func fillsInWhatLibpqWould() throws {
        let u = try PostgresStoreURL(parsing: "postgresql://db.example", variables: ["USER": "alice", "PGPASSWORD": "pw"])
        #expect(u == PostgresStoreURL(host: "db.example", port: 5432, user: "alice", password: "pw", database: "alice", tls: .prefer))
        let pguser = try PostgresStoreURL(parsing: "postgres://db.example/x", variables: ["USER": "alice", "PGUSER": "ops"])
        #expect(pguser.user == "ops")
        let encoded = try PostgresStoreURL(parsing: "postgres://bob:p%40ss%2Fw%23@db.example/x", variables: env)
        #expect(encoded.password == "p@ss/w#")
        let v6 = try PostgresStoreURL(parsing: "postgres://bob@[::1]:6543/x", variables: env)
        #expect(v6.host == "::1")
        #expect(v6.description == "postgres://bob@[::1]:6543/x")
    }

    @Test(arguments: [
        ("postgres://db.example:99999/x", "has port 99999, outside 1–65535"),
        ("postgres:///x", "names no host (postgres://user@HOST:5432/database)"),
        ("postgres://db.example/x?sslmode=sometimes", "has sslmode=sometimes (use disable, prefer, require)"),
        ("postgres://db.example/x?target_session_attrs=any", "has an option this store does not know: target_session_attrs (known: sslmode, application_name)"),
        ("postgres://ops:2024?Q@db/x", "has an option this store does not know: of 6 characters (known: sslmode, application_name)"),
        ("postgres://ops:pa#ss@db/x", "has a # in it (write # in a password as %23)"),
        ("postgres://ops:p%FFss@db/x", "has a password with bad percent-encoding"),
        ("postgres://db/x?sslmode=%1B%5D52", "has sslmode=(4 characters) (use disable, prefer, require)"),
        ("postgres://db.example/x/y", "has a path with more than a database name"),
        ("mysql://db.example/x", "must start with postgres:// or postgresql://"),
    ])
    func saysWhatIsWrong(_ text: String, _ problem: String) {
        #expect(throws: StoreURLError(problem)) { try PostgresStoreURL(parsing: text, variables: env) }
    }

    @Test func needsAUserFromSomewhere() {
        #expect(throws: StoreURLError("names no user (postgres://USER@host/database), and PGUSER is not set")) {
            try PostgresStoreURL(parsing: "postgres://db.example/x", variables: [:])
        }
    }
}
