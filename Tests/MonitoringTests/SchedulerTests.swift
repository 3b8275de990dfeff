import Foundation
import Synchronization
import Testing
import TestSupport
@testable import Monitoring

/// A probe that answers after a fixed delay and counts its runs.
final class CountingProbe: Probe {
    let delay: Duration
    let runs = Mutex(0)
    let concurrent = Mutex((now: 0, max: 0))

    init(delay: Duration) { self.delay = delay }

    func run(timeout: Seconds) async -> ProbeOutcome {
        runs.withLock { $0 += 1 }
        concurrent.withLock { $0.now += 1; $0.max = max($0.max, $0.now) }
        defer { concurrent.withLock { $0.now -= 1 } }
        try? await Task.sleep(for: delay)
        return ProbeOutcome(status: .ok, latency: delay, reason: "fine")
    }
}

/// A probe that ignores its timeout and cancellation, like a stuck library call (without
/// holding a thread).
struct StuckProbe: Probe {
    func run(timeout: Seconds) async -> ProbeOutcome {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + 30) { c.resume() }
        }
        return ProbeOutcome(status: .ok, reason: "too late")
    }
}

@Suite(.serialized) struct SchedulerTests {
    final class Collector: Sendable {
        let results = Mutex<[CheckResult]>([])
        func add(_ r: CheckResult) { results.withLock { $0.append(r) } }
        func of(_ id: String) -> [CheckResult] { results.withLock { $0.filter { $0.checkID == id } } }
    }

    @Test func hungCheckDoesNotDelayAnother() async throws {
        let hanging = try HangingServer()
        defer { hanging.stop() }
        let factory = ProbeFactory()
        let collector = Collector()
        let fast = CountingProbe(delay: .milliseconds(5))
        let jobs = [
            CheckScheduler.Job(id: "hung", interval: Seconds(0.2), timeout: Seconds(3), probe: factory.probe(for: CheckSpec(probe: .http(HTTPCheckSpec(url: "http://127.0.0.1:\(hanging.port)/"))))),
            CheckScheduler.Job(id: "stuck", interval: Seconds(0.2), timeout: Seconds(3), probe: StuckProbe()),
            CheckScheduler.Job(id: "fast", interval: Seconds(0.2), timeout: Seconds(1), probe: fast),
        ]
        let scheduler = CheckScheduler(jobs: jobs, deliver: collector.add)
        scheduler.start()
        try await Task.sleep(for: .milliseconds(1500))
        let fastResults = collector.of("fast")
        #expect(collector.of("hung").isEmpty)
        #expect(collector.of("stuck").isEmpty)
        // About 7 runs in 1.5 s at a 0.2 s interval. Waiting on the hung checks would stall it
        // for their 3 s timeout: no more than one run, and a lag of seconds. The bounds leave
        // room for a busy 2-core machine.
        #expect(fastResults.count >= 4, "fast check ran \(fastResults.count) times")
        #expect(fastResults.allSatisfy { $0.lag < .milliseconds(1000) }, "lags: \(fastResults.map(\.lag))")
        await scheduler.stop()
        await factory.shutdown()
    }

    @Test func stuckProbeIsCutOffAtItsTimeout() async {
        let start = ContinuousClock.now
        let o = await CheckScheduler.runGuarded(StuckProbe(), timeout: Seconds(0.5), grace: .milliseconds(100))
        let elapsed = ContinuousClock.now - start
        #expect(o.reason == "timed out after 0.5 s")
        #expect(elapsed < .milliseconds(900))
    }

    @Test func runsOfOneCheckNeverOverlap() async throws {
        let slow = CountingProbe(delay: .milliseconds(300))
        let collector = Collector()
        let scheduler = CheckScheduler(jobs: [CheckScheduler.Job(id: "slow", interval: Seconds(0.05), timeout: Seconds(2), probe: slow)], deliver: collector.add)
        scheduler.start()
        for _ in 0..<20 {
            scheduler.pollNow()
            try await Task.sleep(for: .milliseconds(40))
        }
        await scheduler.stop()
        #expect(slow.concurrent.withLock { $0.max } == 1)
    }

    @Test func pollNowCutsTheWaitShort() async throws {
        let probe = CountingProbe(delay: .milliseconds(1))
        let collector = Collector()
        let scheduler = CheckScheduler(jobs: [CheckScheduler.Job(id: "a", interval: Seconds(60), timeout: Seconds(1), probe: probe)], deliver: collector.add)
        scheduler.start()
        try await Task.sleep(for: .milliseconds(200))
        #expect(collector.of("a").count == 1)
        scheduler.pollNow(["a"])
        try await Task.sleep(for: .milliseconds(200))
        #expect(collector.of("a").count == 2)
        await scheduler.stop()
    }
}
