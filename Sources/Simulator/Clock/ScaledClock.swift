import Foundation
import Synchronization

/// A simulation clock that runs `timeScale` simulated seconds per real second, measured on the
/// monotonic clock (wall-clock jumps don't affect it).
///
/// It starts running when it is first read: the first `now()` returns exactly `start`, so a
/// replay laid out from that reading lands on the incident's own timestamps.
public final class ScaledClock: SimulationClock {
    private let start: Date
    private let timeScale: Double
    private let realStart = Mutex<ContinuousClock.Instant?>(nil)

    /// - Parameters:
    ///   - start: the simulated time of the first reading.
    ///   - timeScale: simulated seconds per real second (4 = four times faster).
    public init(startingAt start: Date, timeScale: Double) {
        self.start = start
        self.timeScale = timeScale
    }

    public func now() -> Date {
        let reading = ContinuousClock.now
        let elapsed = reading - realStart.withLock { realStart in
            if let realStart { return realStart }
            realStart = reading
            return reading
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return start.addingTimeInterval(seconds * timeScale)
    }
}
