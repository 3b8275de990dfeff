import Foundation
import Monitoring
import Synchronization

/// Counts the checks that finish while a measuring window is open, with how late each one
/// started (start − due). Any thread may `record`.
///
/// Contract: only checks recorded between `open()` and `close()` count; the window opens once.
final class CheckLog: Sendable {
    private struct State {
        var open = false
        var closed = false
        var lagsMilliseconds: [Double] = []
        var failures = 0
        /// The first few distinct failure reasons, to say what failed.
        var reasons: [String: Int] = [:]
    }

    private let state = Mutex(State())

    init(expected: Int) {
        state.withLock { $0.lagsMilliseconds.reserveCapacity(expected) }
    }

    func record(lag: Duration, failure reason: String?) {
        state.withLock { s in
            guard s.open, !s.closed else { return }
            s.lagsMilliseconds.append(lag.seconds * 1000)
            if let reason {
                s.failures += 1
                if s.reasons.count < 5 || s.reasons[reason] != nil { s.reasons[reason, default: 0] += 1 }
            }
        }
    }

    func open() { state.withLock { $0.open = true } }
    func close() { state.withLock { $0.closed = true } }

    /// What the window saw, over a window `seconds` long.
    func summary(seconds: Double) -> CheckFigures {
        state.withLock { s in
            let sorted = s.lagsMilliseconds.sorted()
            func quantile(_ q: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
            }
            return CheckFigures(completed: sorted.count, perSecond: Double(sorted.count) / seconds,
                                lagP50: quantile(0.5), lagP99: quantile(0.99), lagMax: sorted.last ?? 0,
                                failures: s.failures, failureReasons: s.reasons)
        }
    }
}

/// Checks finished in a measuring window and how late they started, in milliseconds.
struct CheckFigures: Codable {
    var completed: Int
    var perSecond: Double
    var lagP50: Double
    var lagP99: Double
    var lagMax: Double
    var failures: Int
    var failureReasons: [String: Int]
}

