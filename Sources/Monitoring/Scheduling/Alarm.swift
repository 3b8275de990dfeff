import Synchronization

/// A sleep that can be cut short.
///
/// Contract: `sleep(until:)` returns at the deadline, when `ring()` is called while it sleeps,
/// or when its task is cancelled. A `ring()` while nobody sleeps is dropped: the caller is
/// busy producing what the ring asked for.
final class Alarm: Sendable {
    private struct State {
        var waiter: CheckedContinuation<Void, Never>?
        var timer: Task<Void, Never>?
        var generation = 0
    }

    private let state = Mutex(State())

    func sleep(until deadline: ContinuousClock.Instant) async {
        if deadline <= .now { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let generation = state.withLock { s -> Int in
                    s.generation += 1
                    s.waiter = continuation
                    return s.generation
                }
                let timer = Task { [weak self] in
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    self?.wake(generation: generation)
                }
                let stale = state.withLock { s -> Bool in
                    guard s.generation == generation, s.waiter != nil else { return true }
                    s.timer = timer
                    return false
                }
                if stale { timer.cancel() } else if Task.isCancelled { wake(generation: generation) }
            }
        } onCancel: {
            ring()
        }
    }

    /// Wakes the sleeper, if any.
    func ring() {
        let generation = state.withLock { $0.generation }
        wake(generation: generation)
    }

    private func wake(generation: Int) {
        let (waiter, timer) = state.withLock { s -> (CheckedContinuation<Void, Never>?, Task<Void, Never>?) in
            guard s.generation == generation else { return (nil, nil) }
            defer { s.waiter = nil; s.timer = nil }
            return (s.waiter, s.timer)
        }
        timer?.cancel()
        waiter?.resume()
    }
}
