import Foundation
import Monitoring
import TUI

/// Everything that can happen to the console: input, time, and results from background work.
public enum Msg: Sendable {
    case key(Key)
    case resize(Size)
    case tick(Date)
    case signal(ProcessSignal)
    /// A result from background monitoring.
    case monitor(MonitorEvent)
    /// A short message for the footer (a report written, the store changing state).
    case flash(String)
    /// What the store is doing now.
    case store(StoreNotice)
    /// What the runbook runner says about a step run.
    case runbook(RunEvent)
    /// The config file was read again and is good; monitoring already watches with it.
    case configReloaded(WarroomConfig)
    /// The config file was read again and is bad; nothing changed.
    case configRejected(ConfigErrors)
}

/// Work `update` asks the runtime to do; data, so `update` stays pure and testable.
public enum Effect: Hashable, Sendable {
    /// Run these checks now (all when nil).
    case pollNow([String]?)
    /// Walk the golden path now.
    case walkGoldenPath
    /// Keep these timeline events in the store.
    case persistEvents([TimelineEvent])
    /// Keep this banner record in the store.
    case persistBanner(BannerRecord)
    /// Write the incident report to a file and say where.
    case writeReport
    /// Run a runbook step (never produced in read-only mode).
    case startStep(StepRequest)
    /// Cancel a running step: SIGTERM to its process group, SIGKILL after a grace period.
    case cancelRun(UUID)
    /// Stop every running step before quitting.
    case stopAllRuns
    /// Switch to the next theme.
    case cycleTheme
    /// Read the config file again with the start-up loader, in the background; what came of
    /// it returns as `.configReloaded` or `.configRejected`.
    case reloadConfig(path: String)
    /// Leave the console with this exit status.
    case quit(Int32)
    /// Leave without touching the terminal (it is gone: SIGHUP).
    case abandon
}
