import Foundation
import Synchronization

/// Walks the golden path on its interval, and at once on demand.
///
/// Contract: walks never overlap (a `runNow` during a walk is dropped); each walk reports
/// `.goldenPathStarted` then `.goldenPath`; `stop()` returns once the loop has ended.
final class GoldenPathScheduler: Sendable {
    private let runner: GoldenPathRunner
    private let alarm = Alarm()
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let deliver: @Sendable (MonitorEvent) -> Void

    init(runner: GoldenPathRunner, deliver: @escaping @Sendable (MonitorEvent) -> Void) {
        self.runner = runner
        self.deliver = deliver
    }

    func start() {
        let t = Task.detached { [runner, alarm, deliver] in
            let interval = runner.spec.interval.duration
            while !Task.isCancelled {
                let began = ContinuousClock.now
                deliver(.goldenPathStarted(Date()))
                let run = await runner.run()
                if Task.isCancelled { return }
                deliver(.goldenPath(run))
                await alarm.sleep(until: began + interval)
            }
        }
        task.withLock { $0 = t }
    }

    func runNow() { alarm.ring() }

    func stop() async {
        let t = task.withLock { t -> Task<Void, Never>? in
            defer { t = nil }
            return t
        }
        t?.cancel()
        await t?.value
    }
}
