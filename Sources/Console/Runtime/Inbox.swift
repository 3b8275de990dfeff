import Synchronization

/// Messages from background work, waiting for the UI loop. Any thread may `post`; the UI
/// thread `drain`s.
///
/// Contract: the first message posted after a drain calls the waker (set by the runtime to
/// wake the backend's wait), so a result reaches the screen as soon as the loop can take it,
/// and a flood of results wakes the loop once, not once per result. Bounded: past `limit`,
/// the oldest check results are dropped (a newer result of the same check follows them);
/// operator actions, runbook events, store notices and everything else are never dropped.
public final class Inbox: Sendable {
    private struct Queue {
        var messages: [Msg] = []
        var woken = false
        var waker: (@Sendable () -> Void)?
    }

    private let queue = Mutex(Queue())
    private let limit: Int

    public init(limit: Int = 100_000) { self.limit = limit }

    /// What wakes the loop when a message arrives.
    public func setWaker(_ waker: @escaping @Sendable () -> Void) {
        queue.withLock { $0.waker = waker }
    }

    public func post(_ msg: Msg) {
        let wake = queue.withLock { q -> (@Sendable () -> Void)? in
            q.messages.append(msg)
            // Dropped in one go down to nine tenths, so a flood does not pay for it per message.
            if q.messages.count > limit { Inbox.dropOldestResults(&q.messages, over: limit * 9 / 10) }
            guard !q.woken else { return nil }
            q.woken = true
            return q.waker
        }
        wake?()
    }

    public func drain() -> [Msg] {
        queue.withLock { q in
            q.woken = false
            defer { q.messages.removeAll(keepingCapacity: true) }
            return q.messages
        }
    }

    /// Drops the oldest check results until `messages` holds at most `limit` (or no result is
    /// left to drop).
    static func dropOldestResults(_ messages: inout [Msg], over limit: Int) {
        var excess = messages.count - limit
        guard excess > 0 else { return }
        messages.removeAll { message in
            guard excess > 0, case .monitor(.check) = message else { return false }
            excess -= 1
            return true
        }
    }
}
