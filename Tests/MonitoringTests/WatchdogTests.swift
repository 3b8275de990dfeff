import NIOCore
import Synchronization
import Testing
@testable import Monitoring

/// The watchdog that cuts off checks: what is due runs once, what is withdrawn never does.
@Suite struct WatchdogTests {
    final class Fired: Sendable {
        let at = Mutex<[String: ContinuousClock.Instant]>([:])
        func mark(_ name: String) { at.withLock { $0[name, default: .now] = $0[name] ?? .now } }
        var names: Set<String> { Set(at.withLock { $0.keys }) }
        func time(_ name: String) -> ContinuousClock.Instant? { at.withLock { $0[name] } }
    }

    @Test func dueDeadlinesRunOnceAndWithdrawnOnesNever() async throws {
        let watchdog = Watchdog(resolution: .milliseconds(10))
        let fired = Fired()
        let start = ContinuousClock.now
        _ = watchdog.watch(after: .milliseconds(100)) { fired.mark("soon") }
        _ = watchdog.watch(after: .milliseconds(300)) { fired.mark("later") }
        let withdrawn = watchdog.watch(after: .milliseconds(150)) { fired.mark("withdrawn") }
        watchdog.withdraw(withdrawn)
        try await Task.sleep(for: .milliseconds(600))
        #expect(fired.names == ["soon", "later"])
        let soon = try #require(fired.time("soon")) - start, later = try #require(fired.time("later")) - start
        #expect(soon >= .milliseconds(100) && later >= .milliseconds(300), "soon \(soon), later \(later)")
        // Late by at most the resolution, and what the machine adds when busy.
        #expect(soon < .milliseconds(250) && later < .milliseconds(450), "soon \(soon), later \(later)")
    }

    @Test func thousandsWatchedAndWithdrawnLeaveNothingToRun() async throws {
        let watchdog = Watchdog(resolution: .milliseconds(10))
        let fired = Fired()
        for i in 0..<5_000 {
            let token = watchdog.watch(after: .milliseconds(50)) { fired.mark("\(i)") }
            watchdog.withdraw(token)
        }
        _ = watchdog.watch(after: .milliseconds(50)) { fired.mark("kept") }
        try await Task.sleep(for: .milliseconds(300))
        #expect(fired.names == ["kept"])
    }

    @Test func anActionMayWatchAgain() async throws {
        let watchdog = Watchdog(resolution: .milliseconds(10))
        let fired = Fired()
        _ = watchdog.watch(after: .milliseconds(20)) {
            fired.mark("first")
            _ = watchdog.watch(after: .milliseconds(20)) { fired.mark("second") }
        }
        try await Task.sleep(for: .milliseconds(400))
        #expect(fired.names == ["first", "second"])
    }
}
