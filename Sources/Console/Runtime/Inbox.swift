import Synchronization

/// Messages from background work, waiting for the UI loop. Any thread may `post`; the UI
/// thread `drain`s. Bounded: past `limit` the oldest messages are dropped (a flood of results
/// must not grow memory without end).
public final class Inbox: Sendable {
    private let queue = Mutex<[Msg]>([])
    private let limit: Int

    public init(limit: Int = 100_000) { self.limit = limit }

    public func post(_ msg: Msg) {
        queue.withLock { q in
            q.append(msg)
            if q.count > limit { q.removeFirst(q.count - limit) }
        }
    }

    public func drain() -> [Msg] {
        queue.withLock { q in
            defer { q.removeAll(keepingCapacity: true) }
            return q
        }
    }
}
