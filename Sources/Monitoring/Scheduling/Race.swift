import NIOCore
import NIOPosix
import Synchronization

/// Runs an operation against a deadline, in one task and two timers, so that thousands of
/// checks a second cost little beyond the checks themselves.
///
/// Contract: `run` returns the operation's value if it comes within `cutOff`; otherwise the
/// operation is cancelled and has `words` more to return its own value (what it knows when
/// cut off), after which `late()` is returned and the operation is left to end on its own,
/// unawaited. A caller cancelled meanwhile gets `late()` at once and the operation is cancelled.
final class Race<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, Never>?
        var task: Task<Void, Never>?
        var timer: Scheduled<Void>?
        var done = false
    }

    private let state = Mutex(State())
    private let late: @Sendable () -> Value
    private let loop: any EventLoop

    private init(late: @escaping @Sendable () -> Value, loop: any EventLoop) {
        self.late = late
        self.loop = loop
    }

    static func run(_ operation: @escaping @Sendable () async -> Value, cutOffAfter cutOff: Duration, wordsWithin words: Duration,
                    loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next(),
                    late: @escaping @Sendable () -> Value) async -> Value {
        let race = Race(late: late, loop: loop)
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
                let timer = loop.scheduleTask(in: TimeAmount(cutOff)) { race.cutOff(words: words) }
                let finished = race.state.withLock { s -> Bool in
                    s.task = task
                    s.timer = timer
                    return s.done
                }
                if finished { task.cancel(); timer.cancel() }
            }
        } onCancel: {
            race.finish(late())
        }
    }

    /// Time is up: cancel the operation, and wait `words` for what it says.
    private func cutOff(words: Duration) {
        let task = state.withLock { s -> Task<Void, Never>? in
            guard !s.done else { return nil }
            s.timer = loop.scheduleTask(in: TimeAmount(words)) { [self] in finish(late()) }
            return s.task
        }
        task?.cancel()
    }

    private func finish(_ value: Value) {
        let (continuation, task, timer) = state.withLock { s -> (CheckedContinuation<Value, Never>?, Task<Void, Never>?, Scheduled<Void>?) in
            guard !s.done else { return (nil, nil, nil) }
            s.done = true
            defer { s.continuation = nil }
            return (s.continuation, s.task, s.timer)
        }
        guard let continuation else { return }
        continuation.resume(returning: value)
        timer?.cancel()
        task?.cancel()
    }
}
