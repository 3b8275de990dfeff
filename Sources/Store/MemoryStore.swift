import Foundation
import Monitoring
import Synchronization

/// An `IncidentStore` kept in memory: what a console uses when its file cannot be, and what
/// tests use. It behaves as `SQLiteStore` does (same reduction of results through
/// `ResultBatch`, same ordering, retention and dedupe) and its history ends with the process.
public final class MemoryStore: IncidentStore {
    public let retention: StoreRetention
    private let state = Mutex(State())

    private struct State {
        var checks: [String: Check] = [:]
        var events: [UUID: Kept] = [:]
        var nextOrder = 0
        var banners: [BannerKey: BannerRecord] = [:]
        var audit: [AuditEntry] = []
        var auditHashes: Set<String> = []
    }

    private struct Check {
        var samples: [ServiceHistory.Sample] = []
        var minutes: [Int64: ResultBatch.Counts] = [:]
        var status: CheckStatus?
        var since: Date?
        var reason: String?
    }

    private struct Kept {
        var event: TimelineEvent
        /// Order of keeping, to break ties between events at the same instant.
        var order: Int
    }

    private struct BannerKey: Hashable {
        var ruleID: String
        var raisedAt: Date
    }

    public init(retention: StoreRetention = StoreRetention()) {
        self.retention = retention
    }

    public func record(_ results: [CheckResult]) throws {
        guard !results.isEmpty else { return }
        state.withLock { s in
            let batch = ResultBatch(results) { s.checks[$0]?.status }
            Self.apply(batch, to: &s)
        }
    }

    /// Applies an already reduced batch.
    package func record(batch: ResultBatch) throws {
        state.withLock { s in Self.apply(batch, to: &s) }
    }

    private static func apply(_ batch: ResultBatch, to s: inout State) {
        for id in batch.checkIDs {
            var check = s.checks[id] ?? Check()
            if let change = batch.changes[id] {
                check.status = change.status
                check.since = change.since
                check.reason = change.reason
            }
            if let samples = batch.samples[id] {
                check.samples.append(contentsOf: samples)
                if check.samples.count > ServiceHistory.sampleLimit {
                    check.samples.removeFirst(check.samples.count - ServiceHistory.sampleLimit)
                }
            }
            s.checks[id] = check
        }
        for (key, counts) in batch.minutes {
            s.checks[key.checkID, default: Check()].minutes[key.minute, default: ResultBatch.Counts()].add(counts)
        }
    }

    /// Takes in what another store remembers, as if it had been recorded here: used when a
    /// writer falls back from its file to memory. Histories replace what is kept for their
    /// checks; events and banners are added as `append` and `save` would.
    public func seed(histories: [String: ServiceHistory], timeline: [TimelineEvent], banners: [BannerRecord]) {
        state.withLock { s in
            for (id, h) in histories {
                var check = Check()
                check.samples = Array(h.samples.suffix(ServiceHistory.sampleLimit))
                for m in h.minutes {
                    check.minutes[MinuteClock.index(of: m.at), default: ResultBatch.Counts()].add(ResultBatch.Counts(ok: m.ok, warn: m.warn, fail: m.fail))
                }
                check.status = h.lastStatus
                check.since = h.since
                s.checks[id] = check
            }
            Self.keep(timeline.sorted { $0.at < $1.at }, in: &s)
            for b in banners { s.banners[BannerKey(ruleID: b.ruleID, raisedAt: b.raisedAt)] = b }
        }
    }

    public func history(for checkIDs: [String], now: Date) throws -> [String: ServiceHistory] {
        let firstMinute = retention.firstRestoredMinute(now: now)
        return state.withLock { s in
            var result: [String: ServiceHistory] = [:]
            for id in checkIDs {
                guard let check = s.checks[id] else { continue }
                let minutes = check.minutes
                    .filter { $0.key >= firstMinute && $0.value.total > 0 }
                    .sorted { $0.key < $1.key }
                    .map { ServiceHistory.Minute(at: MinuteClock.start(of: $0.key), ok: $0.value.ok, warn: $0.value.warn, fail: $0.value.fail) }
                result[id] = ServiceHistory(checkID: id, samples: check.samples, minutes: minutes, lastStatus: check.status, since: check.since)
            }
            return result
        }
    }

    public func keep(_ audit: [AuditEntry]) throws {
        state.withLock { s in
            for a in audit where s.auditHashes.insert(a.hash).inserted { s.audit.append(a) }
        }
    }

    public func auditEntries(limit: Int) throws -> [AuditEntry] {
        state.withLock { s in
            Array(s.audit.enumerated().sorted { a, b in
                a.element.at != b.element.at ? a.element.at > b.element.at : a.offset > b.offset
            }.prefix(max(0, limit)).map(\.element))
        }
    }

    public func append(_ events: [TimelineEvent]) throws {
        state.withLock { s in Self.keep(events, in: &s) }
    }

    private static func keep(_ events: [TimelineEvent], in s: inout State) {
        for e in events where s.events[e.id] == nil {
            s.events[e.id] = Kept(event: e, order: s.nextOrder)
            s.nextOrder += 1
        }
    }

    /// Newest first; events at the same instant newest-kept first.
    public func timeline(limit: Int) throws -> [TimelineEvent] {
        guard limit > 0 else { return [] }
        return state.withLock { s in
            s.events.values
                .sorted { ($0.event.at, $0.order) > ($1.event.at, $1.order) }
                .prefix(limit)
                .map(\.event)
        }
    }

    public func save(_ banner: BannerRecord) throws {
        state.withLock { s in s.banners[BannerKey(ruleID: banner.ruleID, raisedAt: banner.raisedAt)] = banner }
    }

    /// Newest raised first (ties by rule id).
    public func banners() throws -> [BannerRecord] {
        state.withLock { s in
            s.banners.values.sorted { a, b in
                a.raisedAt != b.raisedAt ? a.raisedAt > b.raisedAt : a.ruleID < b.ruleID
            }
        }
    }

    /// Drops what `SQLiteStore.prune` drops: minutes and samples older than
    /// `retention.rollups`, older timeline events, long-cleared banners.
    public func prune(now: Date) throws {
        let firstMinute = retention.firstKeptMinute(now: now)
        let sampleCutoff = now.addingTimeInterval(-retention.rollups)
        let timelineCutoff = now.addingTimeInterval(-retention.timeline)
        let bannerCutoff = now.addingTimeInterval(-retention.clearedBanners)
        state.withLock { s in
            for id in s.checks.keys {
                s.checks[id]!.minutes = s.checks[id]!.minutes.filter { $0.key >= firstMinute }
                s.checks[id]!.samples.removeAll { $0.at < sampleCutoff }
            }
            s.events = s.events.filter { $0.value.event.at >= timelineCutoff }
            s.banners = s.banners.filter { $0.value.clearedAt.map { $0 >= bannerCutoff } ?? true }
        }
    }
}
