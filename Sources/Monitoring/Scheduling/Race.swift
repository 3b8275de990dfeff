import Synchronization

/// Runs an operation against a deadline, in one task watched by the `Watchdog`, so that
/// thousands of checks a second cost little beyond the checks themselves.
///
/// Contract: `run` returns the operation's value if it comes within `cutOff`; otherwise the
/// operation is cancelled and has `words` more to return its own value (what it knows when
/// cut off), after which `late()` is returned and the operation is left to end on its own,
/// unawaited. A caller cancelled meanwhile gets `late()` at once and the operation is cancelled.
final class Race<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, Never>?
        var task: Task<Void, Never>?
        var deadline: Watchdog.Token?
        var done = false
    }

    private let state = Mutex(State())
    private let late: @Sendable () -> Value
    private let watchdog: Watchdog

    private init(late: @escaping @Sendable () -> Value, watchdog: Watchdog) {
        self.late = late
        self.watchdog = watchdog
    }

    static func run(_ operation: @escaping @Sendable () async -> Value, cutOffAfter cutOff: Duration, wordsWithin words: Duration,
                    watchdog: Watchdog = .shared, late: @escaping @Sendable () -> Value) async -> Value {
        let race = Race(late: late, watchdog: watchdog)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Value, Never>) in
                let cancelledAlready = race.state.withLock { s -> Bool in
                    if !s.done { s.continuation = continuation }
                    return s.done
                }
                if cancelledAlready {
                    continuation.resume(returning: late())
                    return
                }
                let task = Task { race.finish(await operation()) }
                let deadline = watchdog.watch(after: cutOff) { race.cutOff(words: words) }
                let finished = race.state.withLock { s -> Bool in
                    s.task = task
                    s.deadline = deadline
                    return s.done
                }
                if finished { task.cancel(); watchdog.withdraw(deadline) }
            }
        } onCancel: {
            race.finish(late())
        }
    }

    /// Time is up: cancel the operation, and wait `words` for what it says.
    private func cutOff(words: Duration) {
        let task = state.withLock { s -> Task<Void, Never>? in
            guard !s.done else { return nil }
            s.deadline = watchdog.watch(after: words) { [self] in finish(late()) }
            return s.task
        }
        task?.cancel()
    }

    private func finish(_ value: Value) {
        let (continuation, task, deadline) = state.withLock { s -> (CheckedContinuation<Value, Never>?, Task<Void, Never>?, Watchdog.Token?) in
            guard !s.done else { return (nil, nil, nil) }
            s.done = true
            defer { s.continuation = nil }
            return (s.continuation, s.task, s.deadline)
        }
        guard let continuation else { return }
        continuation.resume(returning: value)
        if let deadline { watchdog.withdraw(deadline) }
        task?.cancel()
    }
}
