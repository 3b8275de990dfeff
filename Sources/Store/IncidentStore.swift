import Foundation
import Monitoring

/// Where an incident's history lives between runs: check results, the timeline, banners.
///
/// Contract: every method is safe to call from any thread; a failing write throws a
/// `StoreError` with a reason and loses nothing already written (each call is kept whole or
/// not at all); reads never block on a writer for long (the SQLite store uses WAL).
/// Implementations: `SQLiteStore` (GRDB, the embedded default), `PostgresStore` (a database
/// many consoles share) and `MemoryStore` (for when neither can be used, and for tests); all
/// behave the same. Consoles do not call a
/// store directly but through `StoreWriter`, which batches and survives failures.
public protocol IncidentStore: AnyObject, Sendable {
    /// Keeps check results (given in arrival order): the newest `ServiceHistory.sampleLimit`
    /// samples per check, per-minute ok/warn/fail counts, and the status with the time it
    /// began, which changes only when a result's status differs from the last one kept.
    /// Times are the results' `finishedAt`.
    func record(_ results: [CheckResult]) throws
    /// Keeps timeline events (an event already kept, by id, is not duplicated: the first
    /// kept wins).
    func append(_ events: [TimelineEvent]) throws
    /// Creates or replaces a banner's record; a banner is identified by rule id and `raisedAt`.
    func save(_ banner: BannerRecord) throws
    /// Every banner record, active or cleared, newest raised first.
    func banners() throws -> [BannerRecord]
    /// What is remembered of the given checks as of `now`: samples newest last, minutes
    /// oldest first, from `now - ServiceHistory.restoreWindow` on (or the retention, if
    /// shorter). Checks never recorded are absent.
    func history(for checkIDs: [String], now: Date) throws -> [String: ServiceHistory]
    /// Keeps copies of audit records (one already kept, by hash, is not duplicated).
    func keep(_ audit: [AuditEntry]) throws
    /// The newest `limit` audit records kept, newest first.
    func auditEntries(limit: Int) throws -> [AuditEntry]
    /// The newest `limit` timeline events, newest first.
    func timeline(limit: Int) throws -> [TimelineEvent]
    /// Drops what the retention policy (`StoreRetention`) no longer keeps as of `now`.
    func prune(now: Date) throws
}

/// A store that holds something open (a file, a connection) until closed; later calls throw
/// `StoreError.closed`.
public protocol ClosableStore: IncidentStore {
    func close()
}
