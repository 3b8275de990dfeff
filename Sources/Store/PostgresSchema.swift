import Foundation
import Logging
import Monitoring
import PostgresNIO

/// The shared store's schema in PostgreSQL. Every table is named `warroom_…`, so the store
/// can live in a database that holds other things, and every row belongs to an environment,
/// so one database serves many. Dates are `float8` seconds since 1970; a minute is an `int8`
/// count of whole minutes since 1970 (as in the SQLite store).
///
/// Version 1:
/// - `warroom_schema(version)`: the versions applied, one row each;
/// - `warroom_check(key bigserial, environment, check_id, status, since, reason)`, unique on
///   (environment, check_id): a small key per check that the big tables repeat;
/// - `warroom_sample(seq bigserial, check_key, at, status, latency_ms)`: the newest 120
///   samples per check, in arrival order;
/// - `warroom_minute(minute, check_key, ok, warn, fail)`, PK (minute, check_key);
/// - `warroom_timeline(seq bigserial, environment, id uuid unique, at, kind, subject, sentence)`;
/// - `warroom_banner(environment, rule_id, raised_at, last_held_at, cleared_at,
///   acknowledged_by, acknowledged_at)`, PK (environment, rule_id, raised_at);
/// - `warroom_audit(environment, hash PK, seq, run_id uuid, kind, at, line)`.
///
/// Contract: `prepare` creates or migrates the schema under a transaction-scoped advisory
/// lock, so consoles starting at once against an empty database do not race; it refuses a
/// database whose schema is newer than this build's, and, read-only, one with no schema or an
/// older one, and it changes nothing then.
enum PostgresSchema {
    /// The advisory lock space of Warroom's locks: (lockSpace, 0) guards migrations,
    /// (lockSpace, hashtext(environment)) is an environment's writer.
    static let lockSpace: Int32 = 0x5741_5252  // "WARR"

    /// Each version's statements, run one by one in one transaction.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE warroom_check (
                key bigserial PRIMARY KEY,
                environment text NOT NULL,
                check_id text NOT NULL,
                status text,
                since float8,
                reason text,
                UNIQUE (environment, check_id)
            )
            """,
            """
            CREATE TABLE warroom_sample (
                seq bigserial PRIMARY KEY,
                check_key int8 NOT NULL REFERENCES warroom_check (key) ON DELETE CASCADE,
                at float8 NOT NULL,
                status int8 NOT NULL,
                latency_ms float8
            )
            """,
            """
            CREATE INDEX warroom_sample_check ON warroom_sample (check_key, seq)
            """,
            """
            CREATE TABLE warroom_minute (
                minute int8 NOT NULL,
                check_key int8 NOT NULL REFERENCES warroom_check (key) ON DELETE CASCADE,
                ok int8 NOT NULL DEFAULT 0,
                warn int8 NOT NULL DEFAULT 0,
                fail int8 NOT NULL DEFAULT 0,
                PRIMARY KEY (minute, check_key)
            )
            """,
            """
            CREATE TABLE warroom_timeline (
                seq bigserial PRIMARY KEY,
                environment text NOT NULL,
                id uuid NOT NULL UNIQUE,
                at float8 NOT NULL,
                kind text NOT NULL,
                subject text NOT NULL,
                sentence text NOT NULL
            )
            """,
            """
            CREATE INDEX warroom_timeline_at ON warroom_timeline (environment, at)
            """,
            """
            CREATE TABLE warroom_banner (
                environment text NOT NULL,
                rule_id text NOT NULL,
                raised_at float8 NOT NULL,
                last_held_at float8 NOT NULL,
                cleared_at float8,
                acknowledged_by text,
                acknowledged_at float8,
                PRIMARY KEY (environment, rule_id, raised_at)
            )
            """,
            """
            CREATE TABLE warroom_audit (
                environment text NOT NULL,
                hash text PRIMARY KEY,
                seq int8 NOT NULL,
                run_id uuid NOT NULL,
                kind text NOT NULL,
                at float8 NOT NULL,
                line text NOT NULL
            )
            """,
            """
            CREATE INDEX warroom_audit_at ON warroom_audit (environment, at)
            """,
        ],
    ]

    /// The newest version this build knows.
    static var version: Int { migrations.count }

    /// The versions applied in the database `connection` is on (empty when it has none).
    static func applied(_ connection: PostgresConnection) throws -> [Int] {
        let exists = try connection.query("SELECT to_regclass('warroom_schema') IS NOT NULL", logger: PostgresStore.logger)
            .wait().rows.first?.decode(Bool.self) ?? false
        guard exists else { return [] }
        return try connection.query("SELECT version FROM warroom_schema ORDER BY version", logger: PostgresStore.logger)
            .wait().rows.map { Int(try $0.decode(Int64.self)) }
    }

    /// Checks the schema and brings it up to this build's version (see the contract above).
    static func prepare(_ connection: PostgresConnection, url: PostgresStoreURL, readOnly: Bool) throws {
        let seen = try applied(connection)
        if let newest = seen.last, newest > version { throw StoreError.newerSchema(path: url.description, unknownMigrations: ["v\(newest)"]) }
        if seen.count == version { return }
        if readOnly { throw StoreError.olderSchema(path: url.description) }
        // Read committed whatever the server's default, so that the second read below sees what
        // a console that migrated meanwhile committed.
        _ = try connection.query("BEGIN ISOLATION LEVEL READ COMMITTED", logger: PostgresStore.logger).wait()
        do {
            _ = try connection.query("SELECT pg_advisory_xact_lock(\(lockSpace), 0)", logger: PostgresStore.logger).wait()
            _ = try connection.query("CREATE TABLE IF NOT EXISTS warroom_schema (version int8 PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                                     logger: PostgresStore.logger).wait()
            // Read again under the lock: another console may have migrated meanwhile.
            let done = Set(try applied(connection))
            if let newest = done.max(), newest > version { throw StoreError.newerSchema(path: url.description, unknownMigrations: ["v\(newest)"]) }
            for (i, statements) in migrations.enumerated() where !done.contains(i + 1) {
                for sql in statements { _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresStore.logger).wait() }
                _ = try connection.query("INSERT INTO warroom_schema (version) VALUES (\(Int64(i + 1)))", logger: PostgresStore.logger).wait()
            }
            _ = try connection.query("COMMIT", logger: PostgresStore.logger).wait()
        } catch {
            _ = try? connection.query("ROLLBACK", logger: PostgresStore.logger).wait()
            throw error
        }
    }
}
