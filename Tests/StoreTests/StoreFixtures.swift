import Foundation
import Monitoring
import Store
import Synchronization
import TestSupport
import XCTest

/// Results, times and folders for the store tests.
enum Fixture {
    /// A minute boundary: 1_800_000_000 s is minute 30_000_000.
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func result(_ id: String, _ status: CheckStatus, at seconds: Double, ms: Int64? = 12, reason: String? = nil) -> CheckResult {
        let outcome = ProbeOutcome(status: status, latency: ms.map { .milliseconds($0) }, reason: reason ?? "\(status.rawValue) in \(ms ?? 0) ms")
        return CheckResult(checkID: id, outcome: outcome, startedAt: at(seconds), finishedAt: at(seconds))
    }

    static func event(_ sentence: String, at seconds: Double, id: UUID = UUID()) -> TimelineEvent {
        TimelineEvent(id: id, at: at(seconds), kind: .note, subject: "api", sentence: sentence)
    }

    /// A fresh folder, removed (with its permissions restored) when the test ends.
    static func folder(_ test: XCTestCase) -> URL {
        let url = TempFiles.folder("warroom-store")
        test.addTeardownBlock {
            chmod(url.path, 0o755)
            if let items = try? FileManager.default.subpathsOfDirectory(atPath: url.path) {
                for item in items { chmod(url.appendingPathComponent(item).path, 0o755) }
            }
            try? FileManager.default.removeItem(at: url)
        }
        return url
    }

    /// A fresh SQLite store and a memory store, to run one test against both.
    static func stores(_ test: XCTestCase, retention: StoreRetention = StoreRetention()) throws -> [(name: String, store: any IncidentStore)] {
        let path = folder(test).appendingPathComponent("store.sqlite").path
        return [("sqlite", try SQLiteStore(path: path, retention: retention)), ("memory", MemoryStore(retention: retention))]
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// Whether this process can write `path` in spite of its permission bits (root can).
    static func canWriteDespitePermissions(_ path: String) -> Bool {
        let fd = open(path, O_WRONLY)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    /// Whether this process can create a file in `folder` in spite of its permission bits.
    static func canCreateDespitePermissions(in folder: URL) -> Bool {
        let probe = folder.appendingPathComponent("probe").path
        guard FileManager.default.createFile(atPath: probe, contents: Data()) else { return false }
        try? FileManager.default.removeItem(atPath: probe)
        return true
    }

    /// Skips a permission test where permissions do not bind (root); `scripts/test` then runs
    /// `ReadOnlyFileTests` again as an unprivileged user with `WARROOM_UNPRIVILEGED_PASS=1`,
    /// where a bypass is a failure rather than a skip.
    static func requirePermissionsBind(_ bypassed: Bool) throws {
        guard bypassed else { return }
        if ProcessInfo.processInfo.environment["WARROOM_UNPRIVILEGED_PASS"] == "1" {
            throw StoreError.failed(path: "", reason: "permission bits do not bind for this user, so the read-only cases cannot run")
        }
        throw XCTSkip("root writes whatever the permission bits say; scripts/test runs ReadOnlyFileTests again as an unprivileged user")
    }

    /// Waits up to `seconds` for `condition`.
    static func eventually(_ seconds: Double = 3, _ condition: () throws -> Bool) rethrows -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return try condition()
    }
}

/// A store whose writes can be made to fail as a full disk would (or with another `error`),
/// where a real fault cannot be made (no tmpfs without root); reads keep working, as they do
/// on a full disk.
final class FailingStore: IncidentStore {
    let inner = MemoryStore()
    let path: String
    let error: StoreError
    private let state = Mutex((failing: false, writes: 0, delay: 0.0))

    init(path: String, error: StoreError? = nil) {
        self.path = path
        self.error = error ?? .diskFull(path: path)
    }

    var failing: Bool {
        get { state.withLock { $0.failing } }
        set { state.withLock { $0.failing = newValue } }
    }
    /// Seconds each write takes.
    var delay: Double {
        get { state.withLock { $0.delay } }
        set { state.withLock { $0.delay = newValue } }
    }
    /// Writes that succeeded (prunes not counted).
    var writes: Int { state.withLock { $0.writes } }

    private func write(_ body: () throws -> Void) throws {
        let (failing, delay) = state.withLock { ($0.failing, $0.delay) }
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        if failing { throw error }
        try body()
        state.withLock { $0.writes += 1 }
    }

    func record(_ results: [CheckResult]) throws { try write { try inner.record(results) } }
    func append(_ events: [TimelineEvent]) throws { try write { try inner.append(events) } }
    func save(_ banner: BannerRecord) throws { try write { try inner.save(banner) } }
    func keep(_ audit: [AuditEntry]) throws { try write { try inner.keep(audit) } }
    func auditEntries(limit: Int) throws -> [AuditEntry] { try inner.auditEntries(limit: limit) }
    func prune(now: Date) throws {
        if failing { throw error }
        try inner.prune(now: now)
    }
    func banners() throws -> [BannerRecord] { try inner.banners() }
    func history(for checkIDs: [String], now: Date) throws -> [String: ServiceHistory] { try inner.history(for: checkIDs, now: now) }
    func timeline(limit: Int) throws -> [TimelineEvent] { try inner.timeline(limit: limit) }
}

/// Statuses a writer reported.
final class StatusLog: Sendable {
    private let seen = Mutex<[StoreStatus]>([])
    var all: [StoreStatus] { seen.withLock { $0 } }
    var callback: @Sendable (StoreStatus) -> Void { { [self] s in seen.withLock { $0.append(s) } } }
}
