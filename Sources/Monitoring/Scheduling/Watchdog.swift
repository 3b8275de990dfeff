import NIOCore
import NIOPosix
import Synchronization

/// Acts when deadlines pass, for many short deadlines that are almost always withdrawn first —
/// a check's cut-off. Watching and withdrawing cost a dictionary insert and removal; a timer on
/// an event loop costs a search through all of that loop's timers when it is cancelled, which
/// with thousands of checks in flight became a tenth of the work of a check.
///
/// Contract: `watch` returns a token; once `withdraw(token)` has returned, the action never
/// runs. Otherwise it runs once, on the watchdog's event loop, at most `resolution` after its
/// deadline. Nothing runs while nothing is watched.
final class Watchdog: Sendable {
    /// A watched deadline, to withdraw it.
    struct Token: Hashable, Sendable {
        fileprivate let id: UInt64
    }

    private struct Watched {
        var deadline: NIODeadline
        var action: @Sendable () -> Void
    }

    private struct State {
        var nextID: UInt64 = 0
        var watched: [UInt64: Watched] = [:]
        var sweeping = false
    }

    static let shared = Watchdog(resolution: .milliseconds(10))

    private let state = Mutex(State())
    private let resolution: TimeAmount
    private let loop: any EventLoop

    init(resolution: TimeAmount, loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()) {
        self.resolution = resolution
        self.loop = loop
    }

    func watch(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> Token {
        let (token, start) = state.withLock { s -> (Token, Bool) in
            s.nextID &+= 1
            s.watched[s.nextID] = Watched(deadline: .now() + TimeAmount(delay), action: action)
            defer { s.sweeping = true }
            return (Token(id: s.nextID), !s.sweeping)
        }
        if start { scheduleSweep() }
        return token
    }

    func withdraw(_ token: Token) {
        _ = state.withLock { $0.watched.removeValue(forKey: token.id) }
    }

    private func scheduleSweep() {
        loop.scheduleTask(in: resolution) { [self] in sweep() }
    }

    /// Runs what is due, and sweeps again while anything is watched.
    private func sweep() {
        let now = NIODeadline.now()
        let (due, again) = state.withLock { s -> ([@Sendable () -> Void], Bool) in
            let ids = s.watched.compactMap { $0.value.deadline <= now ? $0.key : nil }
            let due = ids.compactMap { s.watched.removeValue(forKey: $0)?.action }
            s.sweeping = !s.watched.isEmpty
            return (due, s.sweeping)
        }
        for action in due { action() }
        if again { scheduleSweep() }
    }
}
