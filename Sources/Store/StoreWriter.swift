import Foundation
import Monitoring
import Synchronization

/// The one object a console talks to about its history. It queues writes and hands them to
/// the current store in batches on its own thread, and survives the store failing.
///
/// Contract:
/// - `record`, `append` and `save` never block on the disk: they queue and return. The queue
///   is flushed every `Options.flushInterval`, or as soon as it holds `Options.batchLimit`
///   items, and by `flush()`, `restore` and `close()`.
/// - A write that fails (disk full, file made read-only, I/O error) switches the writer to a
///   `MemoryStore` seeded with what the old store still answers plus the whole failed batch,
///   reports the new status through `onStatus`, and carries on: nothing queued is lost.
/// - A file another process has locked (`StoreError.busy`) is not a failure: what could not be
///   written waits, in order, ahead of later writes; every flush tries again; the status says
///   `busy` with the number waiting, and `file` again once they are written. When the lock
///   outlasts `Options.busyLimit`, or more than `Options.waitingLimit` writes wait, the writer
///   falls back to memory as for a failure and says why. The writer's thread waits at most the
///   store's busy timeout per attempt; queueing never waits at all.
/// - Read-only mode (another console writes the file, or it cannot be written): reads come
///   from the file; this console's writes go to memory and never touch the file.
/// - Status changes after opening are reported through `onStatus`, in order, on the thread
///   that made them (the writer's, or one in `flush`, `restore`, `reconcile` or `close`), with
///   the store let go of: the callback may read `status` or queue writes, but must not call
///   the writer's other methods. When `flush()` returns, every change it or earlier work made
///   has been reported.
/// - Writes queued after `close()` are dropped.
public final class StoreWriter: Sendable {
    /// How the writer batches.
    public struct Options: Hashable, Sendable {
        /// How often queued writes are flushed.
        public var flushInterval: Duration
        /// A queue this long is flushed at once.
        public var batchLimit: Int
        /// How often the store is pruned (also once shortly after opening).
        public var pruneInterval: Duration
        /// How many timeline events a fallback to memory copies from the failing store.
        public var fallbackTimelineLimit: Int
        /// How long writes wait for a file another process has locked before the writer gives
        /// up on the file and keeps history in memory.
        public var busyLimit: Duration
        /// How many writes may wait for a locked file before the writer gives up on it.
        public var waitingLimit: Int
        /// How long `close()` keeps trying a locked file with writes still waiting.
        public var closeWait: Duration

        public init(flushInterval: Duration = .seconds(1), batchLimit: Int = 500, pruneInterval: Duration = .seconds(600), fallbackTimelineLimit: Int = 1000,
                    busyLimit: Duration = .seconds(60), waitingLimit: Int = 50_000, closeWait: Duration = .seconds(2)) {
            self.flushInterval = flushInterval
            self.batchLimit = batchLimit
            self.pruneInterval = pruneInterval
            self.fallbackTimelineLimit = fallbackTimelineLimit
            self.busyLimit = busyLimit
            self.waitingLimit = waitingLimit
            self.closeWait = closeWait
        }
    }

    private let engine: Engine

    /// A writer over `store`, described by `status` (its `path` names the file in later
    /// status sentences). For stores made by hand, such as tests' failing stores; consoles
    /// use `StoreOpener`.
    public convenience init(store: any IncidentStore, status: StoreStatus, retention: StoreRetention = StoreRetention(),
                            options: Options = Options(), onStatus: @escaping @Sendable (StoreStatus) -> Void = { _ in }) {
        self.init(route: Route(writes: store, reads: store, opened: nil, lock: nil), status: status, retention: retention, options: options, onStatus: onStatus)
    }

    init(route: Route, status: StoreStatus, retention: StoreRetention, options: Options, onStatus: @escaping @Sendable (StoreStatus) -> Void) {
        engine = Engine(route: route, status: status, retention: retention, options: options, onStatus: onStatus)
        let engine = self.engine
        let thread = Thread { engine.run() }
        thread.name = "warroom.store"
        thread.start()
    }

    deinit { engine.close() }

    /// Where history is going now.
    public var status: StoreStatus { engine.status }

    public func record(_ result: CheckResult) { engine.enqueue { $0.results.append(result) } }
    public func record(_ results: [CheckResult]) { engine.enqueue { $0.results.append(contentsOf: results) } }
    public func append(_ event: TimelineEvent) { engine.enqueue { $0.events.append(event) } }
    public func append(_ events: [TimelineEvent]) { engine.enqueue { $0.events.append(contentsOf: events) } }
    public func save(_ banner: BannerRecord) { engine.enqueue { $0.banners.append(banner) } }
    /// Keeps a copy of audit records (the audit file is written by the runner itself).
    public func keep(_ audit: [AuditEntry]) { engine.enqueue { $0.audit.append(contentsOf: audit) } }

    /// Writes everything queued so far, on the caller's thread; returns when it is written
    /// (or kept in memory after a failure, or left waiting while another process has the file
    /// locked).
    public func flush() { engine.flush() }

    /// What the current store remembers of `checkIDs`, its newest `timelineLimit` events
    /// (oldest first) and its banners, after flushing the queue. Blocks while it reads: call
    /// it at start, not per frame. A store that cannot be read is replaced by memory (and the
    /// status says so); nothing is thrown.
    public func restore(checkIDs: [String], now: Date = Date(), timelineLimit: Int = 200) -> StoreSnapshot {
        engine.flush()
        return engine.restore(checkIDs: checkIDs, now: now, timelineLimit: timelineLimit)
    }

    /// Copies into the store the audit records of `file` (the audit file's intact records, in
    /// file order) that it has no copy of, and returns the comparison made before copying
    /// (see `AuditCrossCheck`). Only a writer that writes the file does this: otherwise, or
    /// when the copies cannot be read, it returns nil. Blocks while it reads and writes: call
    /// it at start.
    public func reconcile(audit file: [AuditEntry]) -> AuditCrossCheck? {
        engine.reconcile(file)
    }

    /// Flushes (trying a locked file for up to `Options.closeWait`), stops the writer's
    /// thread, closes the file and releases its lock. Calling it again does nothing; deinit
    /// calls it.
    public func close() { engine.close() }
}

/// Which stores a writer uses, and what it must let go of when it stops using the file.
struct Route: Sendable {
    var writes: any IncidentStore
    var reads: any IncidentStore
    /// What was opened and must be closed with the route (a file, a connection).
    var opened: (any ClosableStore)?
    var lock: StoreLock?
}

/// Writes not yet handed to a store.
private struct Pending {
    var results: [CheckResult] = []
    var events: [TimelineEvent] = []
    var banners: [BannerRecord] = []
    var audit: [AuditEntry] = []
    var count: Int { results.count + events.count + banners.count + audit.count }

    /// Adds `later`'s writes after these.
    mutating func append(_ later: Pending) {
        results += later.results
        events += later.events
        banners += later.banners
        audit += later.audit
    }
}

/// The writer's state and its thread's loop, apart from `StoreWriter` so that the thread
/// does not keep the writer alive.
private final class Engine: Sendable {
    private struct Inbox {
        var pending = Pending()
        var signalled = false
        /// The writer's thread sleeps with nothing to write; the next write wakes it.
        var idle = false
        var closed = false
    }

    private struct Backend {
        var route: Route
        var path: String?
        /// Every check id recorded or restored, to seed a fallback store.
        var known: Set<String> = []
        var lastPrune: ContinuousClock.Instant?
        /// Writes the store refused because another process has the file locked, in order.
        var waiting = Pending()
        /// When the store first said it was locked, while it still is.
        var busySince: ContinuousClock.Instant?
        /// Status changes to report once the lock is released.
        var notices: [StoreStatus] = []
    }

    private let inbox = Mutex(Inbox())
    /// Held while a store is written or read: flushes, prunes and restores go one at a time.
    private let backend: Mutex<Backend>
    private let current: Mutex<StoreStatus>
    private let retention: StoreRetention
    private let options: StoreWriter.Options
    private let onStatus: @Sendable (StoreStatus) -> Void
    /// Held from taking the backend until its status changes are reported, so that they are
    /// reported in order and before the next user of the backend returns.
    private let reporting = NSLock()
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    init(route: Route, status: StoreStatus, retention: StoreRetention, options: StoreWriter.Options, onStatus: @escaping @Sendable (StoreStatus) -> Void) {
        backend = Mutex(Backend(route: route, path: status.path))
        current = Mutex(status)
        self.retention = retention
        self.options = options
        self.onStatus = onStatus
    }

    var status: StoreStatus { current.withLock { $0 } }

    /// Queues a write. A write to a writer asleep with nothing to do wakes it, and it then
    /// gathers writes for the flush interval; a full batch wakes it at once.
    func enqueue(_ add: (inout Pending) -> Void) {
        let wakeUp = inbox.withLock { i -> Bool in
            guard !i.closed else { return false }
            add(&i.pending)
            if i.idle {
                i.idle = false
                return true
            }
            guard i.pending.count >= options.batchLimit, !i.signalled else { return false }
            i.signalled = true
            return true
        }
        if wakeUp { wake.signal() }
    }

    /// The writer's thread: asleep while there is nothing to write (it wakes for pruning only),
    /// so that an idle console's store costs nothing; otherwise a flush every interval.
    func run() {
        let interval = max(options.flushInterval.seconds, 0.001)
        let prune = max(options.pruneInterval.seconds, interval)
        while true {
            let waiting = isWaiting
            // Marked idle in the same lock as the look at the queue, so that a write that comes
            // meanwhile either is seen here or wakes the sleep.
            let idle = inbox.withLock { i -> Bool in
                guard i.pending.count == 0, !waiting, !i.closed else { return false }
                i.idle = true
                return true
            }
            if idle {
                _ = wake.wait(timeout: .now() + prune)
                inbox.withLock { $0.idle = false }
            }
            if inbox.withLock({ $0.closed }) { break }
            if hasWork && !batchIsFull { _ = wake.wait(timeout: .now() + interval) }
            if inbox.withLock({ $0.closed }) { break }
            flush()
            pruneIfDue()
        }
        stopped.signal()
    }

    /// Writes queued, or waiting for a locked store.
    private var hasWork: Bool { inbox.withLock { $0.pending.count > 0 } || isWaiting }
    private var batchIsFull: Bool { inbox.withLock { $0.pending.count >= options.batchLimit } }

    func close() {
        let first = inbox.withLock { i -> Bool in
            defer { i.closed = true }
            return !i.closed
        }
        guard first else { return }
        wake.signal()
        stopped.wait()
        flush()
        let deadline = ContinuousClock.now + options.closeWait
        while isWaiting, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            flush()
        }
        withBackend { b in
            if b.waiting.count > 0 {
                let left = b.waiting
                fallBack(&b, because: "\(b.path ?? "the store") was still locked by another process when the console closed", keeping: left)
            }
            b.route.opened?.close()
            b.route.lock?.release()
        }
    }

    /// Whether writes wait for a file another process has locked.
    private var isWaiting: Bool { backend.withLock { $0.waiting.count > 0 } }

    func flush() {
        withBackend { b in
            var batch = b.waiting
            b.waiting = Pending()
            batch.append(inbox.withLock { i -> Pending in
                i.signalled = false
                defer { i.pending = Pending() }
                return i.pending
            })
            guard batch.count > 0 else { return }
            b.known.formUnion(batch.results.map(\.checkID))
            var left = batch
            do {
                if !left.results.isEmpty {
                    try b.route.writes.record(left.results)
                    left.results = []
                }
                if !left.events.isEmpty {
                    try b.route.writes.append(left.events)
                    left.events = []
                }
                while let banner = left.banners.first {
                    try b.route.writes.save(banner)
                    left.banners.removeFirst()
                }
                if !left.audit.isEmpty {
                    try b.route.writes.keep(left.audit)
                    left.audit = []
                }
                if b.busySince != nil, let path = b.path {
                    b.busySince = nil
                    report(.file(path), in: &b)
                }
            } catch let error as StoreError where error.isTransient {
                keepWaiting(&b, with: left)
            } catch {
                fallBack(&b, because: error, whileDoing: "writing", keeping: left)
            }
        }
    }

    /// Keeps `left` waiting for the locked file, or gives up on the file when it has been
    /// locked too long or too much waits.
    private func keepWaiting(_ b: inout Backend, with left: Pending) {
        let now = ContinuousClock.now
        let since = b.busySince ?? now
        let path = b.path ?? "the store"
        if now - since >= options.busyLimit {
            b.busySince = nil
            let held = now - since
            let seconds = Double(held.components.seconds) + Double(held.components.attoseconds) / 1e18
            fallBack(&b, because: "\(path) stayed locked by another process for \(String(format: "%.1f", seconds)) s", keeping: left)
        } else if left.count > options.waitingLimit {
            b.busySince = nil
            fallBack(&b, because: "\(path) is locked by another process and more than \(options.waitingLimit) writes were waiting", keeping: left)
        } else {
            b.busySince = since
            b.waiting = left
            report(.busy(path, waiting: left.count), in: &b)
        }
    }

    /// Makes `status` the current one, to be reported when the backend is let go.
    private func report(_ status: StoreStatus, in b: inout Backend) {
        let changed = current.withLock { s -> Bool in
            defer { s = status }
            return s != status
        }
        if changed { b.notices.append(status) }
    }

    func reconcile(_ file: [AuditEntry]) -> AuditCrossCheck? {
        guard [.file, .busy].contains(status.mode) else { return nil }
        flush()
        let copies = withBackend { b in try? b.route.reads.auditEntries(limit: Int.max) }
        guard let copies else { return nil }
        let check = AuditCrossCheck(file: file, store: copies)
        enqueue { $0.audit += check.missingFromStore }
        flush()
        return check
    }

    func restore(checkIDs: [String], now: Date, timelineLimit: Int) -> StoreSnapshot {
        withBackend { b in
            b.known.formUnion(checkIDs)
            do {
                return try Self.snapshot(of: b.route.reads, checkIDs: checkIDs, now: now, timelineLimit: timelineLimit)
            } catch {
                fallBack(&b, because: error, whileDoing: "reading", keeping: Pending())
                return (try? Self.snapshot(of: b.route.reads, checkIDs: checkIDs, now: now, timelineLimit: timelineLimit)) ?? StoreSnapshot()
            }
        }
    }

    private static func snapshot(of store: any IncidentStore, checkIDs: [String], now: Date, timelineLimit: Int) throws -> StoreSnapshot {
        StoreSnapshot(histories: try store.history(for: checkIDs, now: now),
                      timeline: try store.timeline(limit: timelineLimit).reversed(),
                      banners: try store.banners())
    }

    private func pruneIfDue() {
        withBackend { b in
            let now = ContinuousClock.now
            if let last = b.lastPrune, now - last < options.pruneInterval { return }
            b.lastPrune = now
            do {
                try b.route.writes.prune(now: Date())
            } catch let error as StoreError where error.isTransient {
                // Pruning can wait for the next round.
            } catch {
                fallBack(&b, because: error, whileDoing: "pruning", keeping: Pending())
            }
        }
    }

    /// Leaves the store that failed with `error` while `doing` something for memory.
    private func fallBack(_ b: inout Backend, because error: any Error, whileDoing doing: String, keeping pending: Pending) {
        switch StoreError.from(error, path: b.path ?? "the store") {
        case .failed(let path, let why): fallBack(&b, because: "\(doing) \(path) failed: \(why)", keeping: pending)
        case let other: fallBack(&b, because: other.description, keeping: pending)
        }
    }

    /// Leaves the store for memory, because of `reason`: seeded with what the old store still
    /// answers, then `pending`, which it did not take.
    private func fallBack(_ b: inout Backend, because reason: String, keeping pending: Pending) {
        let memory: MemoryStore
        if let already = b.route.writes as? MemoryStore {
            memory = already
        } else {
            memory = MemoryStore(retention: retention)
            let old = b.route.writes
            let known = Array(b.known)
            memory.seed(histories: (try? old.history(for: known, now: Date())) ?? [:],
                        timeline: (try? old.timeline(limit: options.fallbackTimelineLimit)) ?? [],
                        banners: (try? old.banners()) ?? [])
        }
        try? memory.record(pending.results)
        try? memory.append(pending.events)
        for banner in pending.banners { try? memory.save(banner) }
        try? memory.keep(pending.audit)
        b.route.opened?.close()
        b.route.lock?.release()
        b.route = Route(writes: memory, reads: memory, opened: nil, lock: nil)
        b.waiting = Pending()
        b.busySince = nil
        report(.memory(b.path, because: reason), in: &b)
    }

    /// Runs `body` with the backend held, then reports the status changes it made.
    private func withBackend<T>(_ body: (inout Backend) -> T) -> T {
        reporting.lock()
        defer { reporting.unlock() }
        let (value, notices) = backend.withLock { b -> (T, [StoreStatus]) in
            let value = body(&b)
            defer { b.notices = [] }
            return (value, b.notices)
        }
        for status in notices { onStatus(status) }
        return value
    }
}
