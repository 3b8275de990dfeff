import Foundation
import Monitoring
import TUI

/// Everything that can happen to the console: input, time, and results from background work.
public enum Msg: Sendable {
    case key(Key)
    case resize(Size)
    case tick(Date)
    case signal(TerminationSignal)
    /// A result from background monitoring.
    case monitor(MonitorEvent)
}

/// Work `update` asks the runtime to do; data, so `update` stays pure and testable.
public enum Effect: Hashable, Sendable {
    /// Run these checks now (all when nil).
    case pollNow([String]?)
    /// Walk the golden path now.
    case walkGoldenPath
    /// Leave the console with this exit status.
    case quit(Int32)
    /// Leave without touching the terminal (it is gone: SIGHUP).
    case abandon
}
