import Foundation
import Logging
import Monitoring
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// An `IncidentStore` in a PostgreSQL database that many consoles share: one database may
/// hold many environments, and every row belongs to one (`environment`). The schema and its
/// migrations are in `PostgresSchema`.
///
/// Contract:
/// - Every method throws only `StoreError`, with a one-line reason that names the server
///   (never the password) and what to do.
/// - Calls are serialized over one connection and block the calling thread (the store
///   writer's, or a one-shot command's) until PostgreSQL answers; each is one transaction.
/// - A lost connection is opened again on the next call; a writer takes its environment's
///   writer lock (`pg_try_advisory_lock`) again with it, and refuses to write while another
///   console holds it.
/// - A store opened `readOnly` never creates, migrates or writes anything, so a database role
///   with SELECT alone can use it.
public final class PostgresStore: ClosableStore {
    public let url: PostgresStoreURL
    public let environment: String
    public let retention: StoreRetention
    public let isReadOnly: Bool
    private let session: Mutex<Session>
    private let timeout: TimeAmount

    /// What the connection holds between calls.
    private struct Session {
        var connection: PostgresConnection?
        /// Each check's key and last status kept, loaded on first write.
        var checks: [String: (key: Int64, status: CheckStatus?)]?
        var closed = false
    }

    static let logger = Logger(label: "warroom.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Seconds one call may take, whatever the network does: the server is told to give up a
    /// statement after this (and a lock wait after half), and the connection is closed from
    /// this side if no answer has come a few seconds later, so no call hangs the writer.
    static let callLimit = 10

    /// Connects, checks the schema (creating or migrating it unless `readOnly`) and, unless
    /// `readOnly`, takes the environment's writer lock, throwing `StoreError.inUse` when another
    /// console holds it.
    public init(url: PostgresStoreURL, environment: String, retention: StoreRetention = StoreRetention(), readOnly: Bool = false,
                connectTimeout: TimeInterval = 5) throws(StoreError) {
        self.url = url
        self.environment = environment
        self.retention = retention
        self.isReadOnly = readOnly
        self.timeout = .milliseconds(Int64(max(0.1, min(connectTimeout, 60)) * 1000))
        session = Mutex(Session())
        try session.withLock { (s: inout Session) throws(StoreError) in _ = try connection(&s) }
    }

    /// Closes the connection (which lets go of the writer lock); later calls throw `.closed`.
    public func close() {
        let connection = session.withLock { s -> PostgresConnection? in
            s.closed = true
            defer { s.connection = nil }
            return s.connection
        }
        try? connection?.close().wait()
    }

    // MARK: - Connection

    private func configuration() throws(StoreError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do { tls = try url.tls.driverSetting() } catch { throw .database(url: url.description, reason: "TLS setup failed: \(error)") }
        var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                             password: url.password, database: url.database, tls: tls)
        configuration.options.connectTimeout = timeout
        // The server ends a statement, or a wait for a lock, that takes longer than this.
        configuration.options.additionalStartupParameters = [("statement_timeout", "\(PostgresStore.callLimit * 1000)"),
                                                             ("lock_timeout", "\(PostgresStore.callLimit * 1000 / 2)")]
        return configuration
    }

    /// The open connection, opened (with the schema checked and the lock taken) if it is not.
    private func connection(_ s: inout Session) throws(StoreError) -> PostgresConnection {
        if s.closed { throw .closed(path: url.description) }
        if let c = s.connection, !c.isClosed { return c }
        s.connection = nil
        s.checks = nil
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration(),
                                                        id: 1, logger: Self.logger).wait()
        } catch let e as StoreError {
            throw e
        } catch {
            throw PostgresStoreFailure.error(error, url: url, during: .connect)
        }
        do {
            try PostgresSchema.prepare(connection, url: url, readOnly: isReadOnly)
            if !isReadOnly {
                // A role that may only read is a reader, before it takes anyone's place as writer.
                let mayWrite = try connection.query("""
                    SELECT bool_and(has_table_privilege(t, 'INSERT') AND has_table_privilege(t, 'UPDATE') AND has_table_privilege(t, 'DELETE'))
                        AND bool_and(has_sequence_privilege(q, 'USAGE'))
                    FROM unnest(ARRAY['warroom_check', 'warroom_sample', 'warroom_minute', 'warroom_timeline', 'warroom_banner', 'warroom_audit']) AS t,
                         unnest(ARRAY['warroom_check_key_seq', 'warroom_sample_seq_seq', 'warroom_timeline_seq_seq']) AS q
                    """, logger: Self.logger).wait().rows.first?.decode(Bool?.self) ?? false
                if mayWrite != true { throw StoreError.readOnly(path: url.description, reason: "user \"\(url.user)\" may read but not write the store's tables") }
                let held = try connection.query("SELECT pg_try_advisory_lock(\(PostgresSchema.lockSpace), hashtext(\(environment)))", logger: Self.logger)
                    .wait().rows.first?.decode(Bool.self) ?? false
                if !held { throw StoreError.inUse(pid: nil) }
            }
        } catch {
            try? connection.close().wait()
            if let e = error as? StoreError { throw e }
            throw PostgresStoreFailure.error(error, url: url, during: .query)
        }
        s.connection = connection
        return connection
    }

    /// Runs `body` on the connection in one transaction (when `transaction`); a failure rolls
    /// it back, and a connection that died is dropped so the next call opens a new one.
    private func run<T>(transaction: Bool = true, _ body: (PostgresConnection, inout Session) throws -> T) throws(StoreError) -> T {
        try session.withLock { (s: inout Session) throws(StoreError) -> T in
            let c = try connection(&s)
            // A network that drops without a word gets no answer from the server either.
            let cutOff = c.eventLoop.scheduleTask(in: .seconds(Int64(PostgresStore.callLimit + 5))) { _ = c.close() as EventLoopFuture<Void> }
            defer { cutOff.cancel() }
            do {
                if transaction { _ = try c.query("BEGIN", logger: Self.logger).wait() }
                let value = try body(c, &s)
                if transaction { _ = try c.query("COMMIT", logger: Self.logger).wait() }
                return value
            } catch {
                if transaction { _ = try? c.query("ROLLBACK", logger: Self.logger).wait() }
                s.checks = nil
                if c.isClosed { s.connection = nil }
                if let e = error as? StoreError { throw e }
                throw PostgresStoreFailure.error(error, url: url, during: .query)
            }
        }
    }

    private func guardWritable() throws(StoreError) {
        if isReadOnly { throw .readOnly(path: url.description, reason: "opened for reading only") }
    }

    // MARK: - Check results

    public func record(_ results: [CheckResult]) throws {
        guard !results.isEmpty else { return }
        try guardWritable()
        try run { c, s in
            var checks = try s.checks ?? loadChecks(c)
            let batch = ResultBatch(results) { checks[$0]?.status }
            try apply(batch, &checks, c)
            s.checks = checks
        }
    }

    private func loadChecks(_ c: PostgresConnection) throws -> [String: (key: Int64, status: CheckStatus?)] {
        var out: [String: (key: Int64, status: CheckStatus?)] = [:]
        for row in try c.query("SELECT key, check_id, status FROM warroom_check WHERE environment = \(environment)", logger: Self.logger).wait().rows {
            let (key, id, status) = try row.decode((Int64, String, String?).self)
            out[id] = (key, status.flatMap(CheckStatus.init(rawValue:)))
        }
        return out
    }

    private func apply(_ batch: ResultBatch, _ checks: inout [String: (key: Int64, status: CheckStatus?)], _ c: PostgresConnection) throws {
        let missing = batch.checkIDs.filter { checks[$0] == nil }
        if !missing.isEmpty {
            let rows = try c.query("""
                INSERT INTO warroom_check (environment, check_id) SELECT \(environment), id FROM unnest(\(missing)::text[]) AS u(id)
                ON CONFLICT (environment, check_id) DO UPDATE SET check_id = excluded.check_id
                RETURNING key, check_id, status
                """, logger: Self.logger).wait().rows
            for row in rows {
                let (key, id, status) = try row.decode((Int64, String, String?).self)
                checks[id] = (key, status.flatMap(CheckStatus.init(rawValue:)))
            }
        }
        if !batch.changes.isEmpty {
            var keys: [Int64] = [], statuses: [String] = [], sinces: [Double] = [], reasons: [String] = []
            for id in batch.checkIDs {
                guard let change = batch.changes[id], let known = checks[id] else { continue }
                keys.append(known.key)
                statuses.append(change.status.rawValue)
                sinces.append(change.since.timeIntervalSince1970)
                reasons.append(change.reason)
                checks[id]!.status = change.status
            }
            _ = try c.query("""
                UPDATE warroom_check c SET status = u.status, since = u.since, reason = u.reason
                FROM unnest(\(keys)::int8[], \(statuses)::text[], \(sinces)::float8[], \(reasons)::text[]) AS u(key, status, since, reason)
                WHERE c.key = u.key
                """, logger: Self.logger).wait()
        }
        var keys: [Int64] = [], ats: [Double] = [], statuses: [Int64] = [], latencies: [Double] = []
        for id in batch.checkIDs {
            guard let samples = batch.samples[id], let key = checks[id]?.key else { continue }
            for sample in samples {
                keys.append(key)
                ats.append(sample.at.timeIntervalSince1970)
                statuses.append(Int64(sample.status.code))
                latencies.append(sample.latencyMilliseconds ?? -1)
            }
        }
        if !keys.isEmpty {
            _ = try c.query("""
                INSERT INTO warroom_sample (check_key, at, status, latency_ms)
                SELECT k, a, s, NULLIF(l, -1) FROM unnest(\(keys)::int8[], \(ats)::float8[], \(statuses)::int8[], \(latencies)::float8[]) AS u(k, a, s, l)
                """, logger: Self.logger).wait()
            let touched = Array(Set(keys))
            _ = try c.query("""
                DELETE FROM warroom_sample WHERE seq IN (
                    SELECT seq FROM (
                        SELECT seq, row_number() OVER (PARTITION BY check_key ORDER BY seq DESC) AS n
                        FROM warroom_sample WHERE check_key = ANY(\(touched)::int8[])
                    ) ranked WHERE n > \(Int64(ServiceHistory.sampleLimit)))
                """, logger: Self.logger).wait()
        }
        if !batch.minutes.isEmpty {
            var minutes: [Int64] = [], keys: [Int64] = [], oks: [Int64] = [], warns: [Int64] = [], fails: [Int64] = []
            for (k, counts) in batch.minutes.sorted(by: { ($0.key.minute, $0.key.checkID) < ($1.key.minute, $1.key.checkID) }) {
                guard let key = checks[k.checkID]?.key else { continue }
                minutes.append(k.minute)
                keys.append(key)
                oks.append(Int64(counts.ok))
                warns.append(Int64(counts.warn))
                fails.append(Int64(counts.fail))
            }
            _ = try c.query("""
                INSERT INTO warroom_minute (minute, check_key, ok, warn, fail)
                SELECT * FROM unnest(\(minutes)::int8[], \(keys)::int8[], \(oks)::int8[], \(warns)::int8[], \(fails)::int8[])
                ON CONFLICT (minute, check_key) DO UPDATE SET
                    ok = warroom_minute.ok + excluded.ok, warn = warroom_minute.warn + excluded.warn, fail = warroom_minute.fail + excluded.fail
                """, logger: Self.logger).wait()
        }
    }

    public func history(for checkIDs: [String], now: Date) throws -> [String: ServiceHistory] {
        guard !checkIDs.isEmpty else { return [:] }
        let firstMinute = Int64(retention.firstRestoredMinute(now: now))
        return try run(transaction: false) { c, _ in
            var result: [String: ServiceHistory] = [:]
            var idByKey: [Int64: String] = [:]
            for row in try c.query("""
                SELECT key, check_id, status, since FROM warroom_check WHERE environment = \(environment) AND check_id = ANY(\(checkIDs)::text[])
                """, logger: Self.logger).wait().rows {
                let (key, id, status, since) = try row.decode((Int64, String, String?, Double?).self)
                idByKey[key] = id
                result[id] = ServiceHistory(checkID: id, lastStatus: status.flatMap(CheckStatus.init(rawValue:)), since: since.map(Date.init(timeIntervalSince1970:)))
            }
            guard !idByKey.isEmpty else { return result }
            let keys = Array(idByKey.keys)
            for row in try c.query("""
                SELECT check_key, at, status, latency_ms FROM warroom_sample WHERE check_key = ANY(\(keys)::int8[]) ORDER BY seq
                """, logger: Self.logger).wait().rows {
                let (key, at, status, latency) = try row.decode((Int64, Double, Int64, Double?).self)
                guard let id = idByKey[key] else { continue }
                result[id]!.samples.append(ServiceHistory.Sample(at: Date(timeIntervalSince1970: at), status: CheckStatus(code: Int(status)), latencyMilliseconds: latency))
            }
            for row in try c.query("""
                SELECT minute, check_key, ok, warn, fail FROM warroom_minute
                WHERE check_key = ANY(\(keys)::int8[]) AND minute >= \(firstMinute) ORDER BY minute, check_key
                """, logger: Self.logger).wait().rows {
                let (minute, key, ok, warn, fail) = try row.decode((Int64, Int64, Int64, Int64, Int64).self)
                guard let id = idByKey[key] else { continue }
                result[id]!.minutes.append(ServiceHistory.Minute(at: MinuteClock.start(of: minute), ok: Int(ok), warn: Int(warn), fail: Int(fail)))
            }
            for (id, h) in result where h.samples.count > ServiceHistory.sampleLimit {
                result[id]!.samples.removeFirst(h.samples.count - ServiceHistory.sampleLimit)
            }
            return result
        }
    }

    // MARK: - Timeline, banners, audit

    public func append(_ events: [TimelineEvent]) throws {
        guard !events.isEmpty else { return }
        try guardWritable()
        try run { c, _ in
            _ = try c.query("""
                INSERT INTO warroom_timeline (environment, id, at, kind, subject, sentence)
                SELECT \(environment), u.id, u.at, u.kind, u.subject, u.sentence FROM unnest(\(events.map(\.id))::uuid[], \(events.map { $0.at.timeIntervalSince1970 })::float8[],
                    \(events.map(\.kind.rawValue))::text[], \(events.map(\.subject))::text[], \(events.map(\.sentence))::text[]) WITH ORDINALITY AS u(id, at, kind, subject, sentence, n)
                ORDER BY u.n
                ON CONFLICT (id) DO NOTHING
                """, logger: Self.logger).wait()
        }
    }

    /// Newest first; events at the same instant newest-kept first. A kind this build does not
    /// know reads as `.note`.
    public func timeline(limit: Int) throws -> [TimelineEvent] {
        guard limit > 0 else { return [] }
        return try run(transaction: false) { c, _ in
            try c.query("""
                SELECT id, at, kind, subject, sentence FROM warroom_timeline WHERE environment = \(environment)
                ORDER BY at DESC, seq DESC LIMIT \(Int64(limit))
                """, logger: Self.logger).wait().rows.map { row in
                let (id, at, kind, subject, sentence) = try row.decode((UUID, Double, String, String, String).self)
                return TimelineEvent(id: id, at: Date(timeIntervalSince1970: at), kind: TimelineEvent.Kind(rawValue: kind) ?? .note, subject: subject, sentence: sentence)
            }
        }
    }

    public func save(_ banner: BannerRecord) throws {
        try guardWritable()
        try run { c, _ in
            _ = try c.query("""
                INSERT INTO warroom_banner (environment, rule_id, raised_at, last_held_at, cleared_at, acknowledged_by, acknowledged_at)
                VALUES (\(environment), \(banner.ruleID), \(banner.raisedAt.timeIntervalSince1970), \(banner.lastHeldAt.timeIntervalSince1970),
                        \(banner.clearedAt?.timeIntervalSince1970), \(banner.acknowledgedBy), \(banner.acknowledgedAt?.timeIntervalSince1970))
                ON CONFLICT (environment, rule_id, raised_at) DO UPDATE SET
                    last_held_at = excluded.last_held_at, cleared_at = excluded.cleared_at,
                    acknowledged_by = excluded.acknowledged_by, acknowledged_at = excluded.acknowledged_at
                """, logger: Self.logger).wait()
        }
    }

    /// Newest raised first (ties by rule id).
    public func banners() throws -> [BannerRecord] {
        try run(transaction: false) { c, _ in
            try c.query("""
                SELECT rule_id, raised_at, last_held_at, cleared_at, acknowledged_by, acknowledged_at FROM warroom_banner
                WHERE environment = \(environment) ORDER BY raised_at DESC, rule_id
                """, logger: Self.logger).wait().rows.map { row in
                let (rule, raised, held, cleared, by, at) = try row.decode((String, Double, Double, Double?, String?, Double?).self)
                return BannerRecord(ruleID: rule, raisedAt: Date(timeIntervalSince1970: raised), lastHeldAt: Date(timeIntervalSince1970: held),
                                    clearedAt: cleared.map(Date.init(timeIntervalSince1970:)), acknowledgedBy: by,
                                    acknowledgedAt: at.map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    public func keep(_ audit: [AuditEntry]) throws {
        guard !audit.isEmpty else { return }
        try guardWritable()
        try run { c, _ in
            _ = try c.query("""
                INSERT INTO warroom_audit (environment, hash, seq, run_id, kind, at, line)
                SELECT \(environment), * FROM unnest(\(audit.map(\.hash))::text[], \(audit.map { Int64($0.seq) })::int8[], \(audit.map(\.runID))::uuid[],
                    \(audit.map(\.kind))::text[], \(audit.map { $0.at.timeIntervalSince1970 })::float8[], \(audit.map(\.line))::text[])
                ON CONFLICT (hash) DO NOTHING
                """, logger: Self.logger).wait()
        }
    }

    public func auditEntries(limit: Int) throws -> [AuditEntry] {
        guard limit > 0 else { return [] }
        return try run(transaction: false) { c, _ in
            try c.query("""
                SELECT seq, run_id, kind, at, hash, line FROM warroom_audit WHERE environment = \(environment)
                ORDER BY at DESC, seq DESC LIMIT \(Int64(limit))
                """, logger: Self.logger).wait().rows.map { row in
                let (seq, run, kind, at, hash, line) = try row.decode((Int64, UUID, String, Double, String, String).self)
                return AuditEntry(seq: Int(seq), runID: run, kind: kind, at: Date(timeIntervalSince1970: at), hash: hash, line: line)
            }
        }
    }

    // MARK: - Retention

    /// Deletes this environment's minutes and samples older than `retention.rollups`, timeline
    /// events older than `retention.timeline`, and banners cleared longer ago than
    /// `retention.clearedBanners`.
    public func prune(now: Date) throws {
        try guardWritable()
        let firstMinute = Int64(retention.firstKeptMinute(now: now))
        let sampleCutoff = now.addingTimeInterval(-retention.rollups).timeIntervalSince1970
        let timelineCutoff = now.addingTimeInterval(-retention.timeline).timeIntervalSince1970
        let bannerCutoff = now.addingTimeInterval(-retention.clearedBanners).timeIntervalSince1970
        try run { c, s in
            _ = try c.query("""
                DELETE FROM warroom_minute WHERE minute < \(firstMinute)
                AND check_key IN (SELECT key FROM warroom_check WHERE environment = \(environment))
                """, logger: Self.logger).wait()
            _ = try c.query("""
                DELETE FROM warroom_sample WHERE at < \(sampleCutoff)
                AND check_key IN (SELECT key FROM warroom_check WHERE environment = \(environment))
                """, logger: Self.logger).wait()
            _ = try c.query("DELETE FROM warroom_timeline WHERE environment = \(environment) AND at < \(timelineCutoff)", logger: Self.logger).wait()
            _ = try c.query("DELETE FROM warroom_banner WHERE environment = \(environment) AND cleared_at IS NOT NULL AND cleared_at < \(bannerCutoff)", logger: Self.logger).wait()
            s.checks = nil
        }
    }
}
