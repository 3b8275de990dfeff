import Foundation
import Simulator
import Synchronization

/// A simulation clock that moves only when the test says so.
final class ManualClock: SimulationClock {
    private let time: Mutex<Date>

    init(_ start: Date = ReplayFigures.replayStart) {
        time = Mutex(start)
    }

    func now() -> Date {
        time.withLock { $0 }
    }

    func advance(_ seconds: Double) {
        time.withLock { $0.addTimeInterval(seconds) }
    }
}
