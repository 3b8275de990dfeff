import Foundation
import GRDB
import Monitoring
import Synchronization

/// An `IncidentStore` in one SQLite file, through a GRDB `DatabasePool` in WAL mode (readers
/// never wait for the writer). The schema and its migrations are in `SQLiteSchema`.
///
/// Contract:
/// - Every method throws only `StoreError`.
/// - Opening never changes a file that is not this store's: a file that is not SQLite,
///   another program's database, a damaged one, or one from a newer schema is refused with a
///   `StoreError` and left byte for byte as it was (it is inspected read-only first).
/// - One writer per file: `record` keeps each check's sample cursor in memory between
///   batches. `StoreLock` keeps a second console from opening the file for writing; readers
///   (`readOnly: true`) may be many, in any process.
/// - Each method is one transaction: a batch is kept whole or not at all.
/// - A write waits at most `busyTimeout` for another process that holds SQLite's write lock
///   (a `sqlite3` shell, a backup), then throws `StoreError.busy`: the writer's thread must
///   not stall on someone else's transaction. Reads do not wait for it (WAL).
public final class SQLiteStore: ClosableStore {
    /// How long a write waits for another process's lock unless told otherwise.
    public static let defaultBusyTimeout: TimeInterval = 0.25

    public let path: String
    public let retention: StoreRetention
    public let isReadOnly: Bool
    private let pool: DatabasePool
    /// What `record` keeps in hand between batches; nil until first needed, and after a prune
    /// that dropped samples (reloaded from the file then).
    private let cursors = Mutex<Cursors?>(nil)
    private let closed = Atomic<Bool>(false)

    /// Opens (creating it and its directory when missing, unless `readOnly`) the store at
    /// `path`, migrating it to this build's schema.
    public init(path: String, retention: StoreRetention = StoreRetention(), readOnly: Bool = false,
                busyTimeout: TimeInterval = SQLiteStore.defaultBusyTimeout) throws(StoreError) {
        self.path = path
        self.retention = retention
        self.isReadOnly = readOnly
        let directory = PathText.folder(of: path)
        if !readOnly { try StoreFiles.createDirectory(directory.isEmpty ? "." : directory) }
        let existing = try StoreFiles.inspect(path)
        if existing == .database {
            // Look before touching: opening for writing switches the journal to WAL, which
            // writes the header, and must not happen to a file this store will refuse.
            try Self.validate(path: path, readOnly: readOnly)
        } else if readOnly {
            throw existing == .missing ? .failed(path: path, reason: "no such file") : .olderSchema(path: path)
        }
        if !readOnly {
            try StoreFiles.requireWritable(path, directory: directory.isEmpty ? "." : directory, exists: existing != .missing)
        }
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(busyTimeout)
        configuration.maximumReaderCount = 2
        configuration.label = "warroom.store"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            if !readOnly { try SQLiteSchema.migrator.migrate(pool) }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// Checks, read-only, that the file at `path` is this store's and of a schema this build
    /// can use (all of it when only reading).
    private static func validate(path: String, readOnly: Bool) throws(StoreError) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            try queue.read { db in
                let migrator = SQLiteSchema.migrator
                let applied = try migrator.appliedIdentifiers(db)
                let unknown = applied.subtracting(SQLiteSchema.knownMigrations).sorted()
                if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknownMigrations: unknown) }
                if applied.isEmpty {
                    let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'") ?? 0
                    if tables > 0 { throw StoreError.foreignDatabase(path: path) }
                }
                if readOnly, try !migrator.hasCompletedMigrations(db) { throw StoreError.olderSchema(path: path) }
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// Closes the file; later calls throw `StoreError.closed`.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        try? pool.close()
    }

    private func run<T>(_ body: () throws -> T) throws(StoreError) -> T {
        guard !closed.load(ordering: .acquiring) else { throw .closed(path: path) }
        do { return try body() } catch { throw StoreError.from(error, path: path) }
    }

    // MARK: - Check results

    public func record(_ results: [CheckResult]) throws {
        guard !results.isEmpty else { return }
        try write { db, c in
            let batch = ResultBatch(results) { c.checks[$0]?.status }
            try Self.apply(batch, to: &c, db)
        }
    }

    /// Applies an already reduced batch (used to build long histories quickly).
    package func record(batch: ResultBatch) throws {
        guard !batch.isEmpty else { return }
        try write { db, c in try Self.apply(batch, to: &c, db) }
    }

    /// Runs `body` in one write transaction with the cursors; they are kept only if it commits.
    private func write(_ body: (Database, inout Cursors) throws -> Void) throws(StoreError) {
        try cursors.withLock { (cached: inout Cursors?) throws(StoreError) in
            let known = cached
            let next = try run {
                try pool.write { db -> Cursors in
                    var c = try known ?? Self.loadCursors(db)
                    try body(db, &c)
                    return c
                }
            }
            cached = next
        }
    }

    private static func loadCursors(_ db: Database) throws -> Cursors {
        var c = Cursors()
        var idByKey: [Int64: String] = [:]
        let checks = try Row.fetchCursor(db, sql: "SELECT key, check_id, status FROM checks")
        while let row = try checks.next() {
            let key: Int64 = row[0]
            let id: String = row[1]
            let status: String? = row[2]
            c.checks[id] = CheckCursor(key: key, status: status.flatMap(CheckStatus.init(rawValue:)), seqs: [])
            idByKey[key] = id
        }
        let samples = try Row.fetchCursor(db, sql: "SELECT seq, check_key FROM sample_log ORDER BY seq")
        while let row = try samples.next() {
            let seq: Int64 = row[0]
            let key: Int64 = row[1]
            if let id = idByKey[key] { c.checks[id]!.seqs.append(seq) }
            c.nextSeq = seq + 1
        }
        return c
    }

    private static func apply(_ batch: ResultBatch, to c: inout Cursors, _ db: Database) throws {
        let insertCheck = try db.cachedStatement(sql: "INSERT INTO checks (check_id) VALUES (?)")
        for id in batch.checkIDs where c.checks[id] == nil {
            try insertCheck.execute(arguments: [id])
            c.checks[id] = CheckCursor(key: db.lastInsertedRowID, status: nil, seqs: [])
        }
        if !batch.changes.isEmpty {
            let update = try db.cachedStatement(sql: "UPDATE checks SET status = ?, since = ?, reason = ? WHERE key = ?")
            for id in batch.checkIDs {
                guard let change = batch.changes[id] else { continue }
                try update.execute(arguments: [change.status.rawValue, change.since.timeIntervalSince1970, change.reason, c.checks[id]!.key])
                c.checks[id]!.status = change.status
            }
        }
        let insertSample = try db.cachedStatement(sql: "INSERT INTO sample_log (seq, check_key, at, status, latency_ms) VALUES (?, ?, ?, ?, ?)")
        let deleteSample = try db.cachedStatement(sql: "DELETE FROM sample_log WHERE seq = ?")
        for id in batch.checkIDs {
            guard let samples = batch.samples[id], !samples.isEmpty else { continue }
            var cursor = c.checks[id]!
            for s in samples {
                let seq = c.nextSeq
                c.nextSeq += 1
                try insertSample.execute(arguments: [seq, cursor.key, s.at.timeIntervalSince1970, s.status.code, s.latencyMilliseconds])
                cursor.seqs.append(seq)
            }
            let excess = cursor.seqs.count - SQLiteSchema.ringSize
            if excess > 0 {
                for seq in cursor.seqs.prefix(excess) { try deleteSample.execute(arguments: [seq]) }
                cursor.seqs.removeFirst(excess)
            }
            c.checks[id] = cursor
        }
        if !batch.minutes.isEmpty {
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO minute_count (minute, check_key, ok, warn, fail) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (minute, check_key) DO UPDATE SET
                    ok = ok + excluded.ok, warn = warn + excluded.warn, fail = fail + excluded.fail
                """)
            let rows = batch.minutes
                .map { (minute: $0.key.minute, key: c.checks[$0.key.checkID]!.key, counts: $0.value) }
                .sorted { ($0.minute, $0.key) < ($1.minute, $1.key) }
            for r in rows {
                try upsert.execute(arguments: [r.minute, r.key, r.counts.ok, r.counts.warn, r.counts.fail])
            }
        }
    }

    public func history(for checkIDs: [String], now: Date) throws -> [String: ServiceHistory] {
        let wanted = Set(checkIDs)
        guard !wanted.isEmpty else { return [:] }
        let firstMinute = retention.firstRestoredMinute(now: now)
        return try run {
            try pool.read { db in
                var result: [String: ServiceHistory] = [:]
                var idByKey: [Int64: String] = [:]
                let checks = try Row.fetchCursor(db, sql: "SELECT key, check_id, status, since FROM checks")
                while let row = try checks.next() {
                    let id: String = row[1]
                    guard wanted.contains(id) else { continue }
                    idByKey[row[0]] = id
                    let status: String? = row[2]
                    let since: Double? = row[3]
                    result[id] = ServiceHistory(checkID: id, lastStatus: status.flatMap(CheckStatus.init(rawValue:)),
                                                since: since.map(Date.init(timeIntervalSince1970:)))
                }
                guard !idByKey.isEmpty else { return result }
                // The log is small (120 rows per check) and kept in arrival order: one scan.
                let samples = try Row.fetchCursor(db, sql: "SELECT check_key, at, status, latency_ms FROM sample_log ORDER BY seq")
                while let row = try samples.next() {
                    guard let id = idByKey[row[0]] else { continue }
                    result[id]!.samples.append(ServiceHistory.Sample(at: Date(timeIntervalSince1970: row[1]), status: CheckStatus(code: row[2]), latencyMilliseconds: row[3]))
                }
                let minutes = try Row.fetchCursor(db, sql: "SELECT minute, check_key, ok, warn, fail FROM minute_count WHERE minute >= ? ORDER BY minute, check_key", arguments: [firstMinute])
                while let row = try minutes.next() {
                    guard let id = idByKey[row[1]] else { continue }
                    result[id]!.minutes.append(ServiceHistory.Minute(at: MinuteClock.start(of: row[0]), ok: row[2], warn: row[3], fail: row[4]))
                }
                for (id, h) in result where h.samples.count > ServiceHistory.sampleLimit {
                    result[id]!.samples.removeFirst(h.samples.count - ServiceHistory.sampleLimit)
                }
                return result
            }
        }
    }

    // MARK: - Timeline and banners

    public func append(_ events: [TimelineEvent]) throws {
        guard !events.isEmpty else { return }
        try run {
            try pool.write { db in
                let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO timeline_event (id, at, kind, subject, sentence) VALUES (?, ?, ?, ?, ?)")
                for e in events {
                    try insert.execute(arguments: [e.id.uuidString, e.at.timeIntervalSince1970, e.kind.rawValue, e.subject, e.sentence])
                }
            }
        }
    }

    public func keep(_ audit: [AuditEntry]) throws {
        guard !audit.isEmpty else { return }
        try run {
            try pool.write { db in
                let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO audit_record (hash, seq, run_id, kind, at, line) VALUES (?, ?, ?, ?, ?, ?)")
                for a in audit {
                    try insert.execute(arguments: [a.hash, a.seq, a.runID.uuidString, a.kind, a.at.timeIntervalSince1970, a.line])
                }
            }
        }
    }

    public func auditEntries(limit: Int) throws -> [AuditEntry] {
        guard limit > 0 else { return [] }
        return try run {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT seq, run_id, kind, at, hash, line FROM audit_record ORDER BY at DESC, seq DESC LIMIT ?", arguments: [limit])
                    .compactMap { row in
                        guard let id = UUID(uuidString: row[1]) else { return nil }
                        return AuditEntry(seq: row[0], runID: id, kind: row[2], at: Date(timeIntervalSince1970: row[3]), hash: row[4], line: row[5])
                    }
            }
        }
    }

    /// Newest first; events at the same instant newest-kept first. A kind this build does
    /// not know (written by a newer build) reads as `.note`.
    public func timeline(limit: Int) throws -> [TimelineEvent] {
        guard limit > 0 else { return [] }
        return try run {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, at, kind, subject, sentence FROM timeline_event ORDER BY at DESC, rowid DESC LIMIT ?", arguments: [limit])
                    .compactMap { row in
                        guard let id = UUID(uuidString: row[0]) else { return nil }
                        return TimelineEvent(id: id, at: Date(timeIntervalSince1970: row[1]), kind: TimelineEvent.Kind(rawValue: row[2]) ?? .note, subject: row[3], sentence: row[4])
                    }
            }
        }
    }

    public func save(_ banner: BannerRecord) throws {
        try run {
            try pool.write { db in
                try db.execute(sql: """
                    INSERT OR REPLACE INTO banner (rule_id, raised_at, last_held_at, cleared_at, acknowledged_by, acknowledged_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [banner.ruleID, banner.raisedAt.timeIntervalSince1970, banner.lastHeldAt.timeIntervalSince1970,
                                     banner.clearedAt?.timeIntervalSince1970, banner.acknowledgedBy, banner.acknowledgedAt?.timeIntervalSince1970])
            }
        }
    }

    /// Newest raised first (ties by rule id).
    public func banners() throws -> [BannerRecord] {
        try run {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT rule_id, raised_at, last_held_at, cleared_at, acknowledged_by, acknowledged_at FROM banner ORDER BY raised_at DESC, rule_id")
                    .map { row in
                        let cleared: Double? = row[3]
                        let acknowledged: Double? = row[5]
                        return BannerRecord(ruleID: row[0], raisedAt: Date(timeIntervalSince1970: row[1]), lastHeldAt: Date(timeIntervalSince1970: row[2]),
                                            clearedAt: cleared.map(Date.init(timeIntervalSince1970:)), acknowledgedBy: row[4],
                                            acknowledgedAt: acknowledged.map(Date.init(timeIntervalSince1970:)))
                    }
            }
        }
    }

    // MARK: - Retention

    /// Deletes minutes and samples older than `retention.rollups`, timeline events older than
    /// `retention.timeline`, and banners cleared longer ago than `retention.clearedBanners`.
    public func prune(now: Date) throws {
        let firstMinute = retention.firstKeptMinute(now: now)
        let sampleCutoff = now.addingTimeInterval(-retention.rollups).timeIntervalSince1970
        let timelineCutoff = now.addingTimeInterval(-retention.timeline).timeIntervalSince1970
        let bannerCutoff = now.addingTimeInterval(-retention.clearedBanners).timeIntervalSince1970
        try cursors.withLock { (cached: inout Cursors?) throws(StoreError) in
            let droppedSamples = try run {
                try pool.write { db -> Bool in
                    try db.execute(sql: "DELETE FROM minute_count WHERE minute < ?", arguments: [firstMinute])
                    try db.execute(sql: "DELETE FROM sample_log WHERE at < ?", arguments: [sampleCutoff])
                    let dropped = db.changesCount > 0
                    try db.execute(sql: "DELETE FROM timeline_event WHERE at < ?", arguments: [timelineCutoff])
                    try db.execute(sql: "DELETE FROM banner WHERE cleared_at IS NOT NULL AND cleared_at < ?", arguments: [bannerCutoff])
                    return dropped
                }
            }
            if droppedSamples { cached = nil }
        }
    }

    /// Moves the WAL's content into the file and truncates the WAL (to measure the file).
    package func checkpoint() throws {
        _ = try run { try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) } }
    }
}

/// What `SQLiteStore.record` keeps in hand about the checks between batches.
private struct Cursors {
    var checks: [String: CheckCursor] = [:]
    /// The next `sample_log.seq`.
    var nextSeq: Int64 = 1
}

private struct CheckCursor {
    var key: Int64
    var status: CheckStatus?
    /// The check's samples in `sample_log`, oldest first.
    var seqs: [Int64]
}
