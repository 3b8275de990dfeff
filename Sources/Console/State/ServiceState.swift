import Foundation
import Monitoring
import TUI

/// What the console knows about one service: its config and its recent check results.
public struct ServiceState: Hashable, Sendable, Identifiable {
    public var config: ServiceConfig
    public var status: CheckStatus = .unknown
    public var code: Int?
    public var latencyMilliseconds: Double?
    public var reason: String = "waiting for first check"
    public var detail: String?
    /// When the status last changed (or the first result arrived).
    public var since: Date?
    public var lastChecked: Date?
    /// Recent results and per-minute counts, seeded from the store at start.
    public var history: ServiceHistory
    public var checks = 0
    public var failures = 0
    /// How late the last scheduled run started, and how many runs before it were given up:
    /// the machine (or the monitor) falling behind.
    public var lag: Duration = .zero
    public var missed = 0
    /// The latest startup status, when the service has a startup source.
    public var startup: StartupUpdate?
    /// The last attempt whose startup failed, kept while a newer attempt runs so the error
    /// that keeps killing the service stays in view; cleared once a startup completes.
    public var lastFailure: StartupFailure?
    /// Since when startups have been failing (the first failure after a good start).
    public var failingStartupSince: Date?

    /// A failed startup attempt: which phase, how, and the exit code.
    public struct StartupFailure: Hashable, Sendable {
        public var attempt: Int?
        public var phase: StartupPhase
        public var exitCode: Int?
    }

    public static let sampleLimit = ServiceHistory.sampleLimit

    public var id: String { config.id }
    public var name: String { config.name }
    /// The name's width in cells, measured when the config is taken in (the table sizes its
    /// column by it every frame).
    public private(set) var nameWidth: Int

    public init(config: ServiceConfig, history: ServiceHistory? = nil) {
        self.config = config
        nameWidth = TextWidth.of(config.name)
        self.history = history ?? ServiceHistory(checkID: config.id)
        if let last = history?.lastStatus {
            status = last
            since = history?.since
            reason = "last seen \(last.rawValue) before a restart; waiting for a fresh check"
        }
    }

    /// Takes the service's settings from a reloaded config, keeping what has been seen. A
    /// startup status is kept only while the config still names a startup source.
    mutating func adopt(_ config: ServiceConfig) {
        self.config = config
        nameWidth = TextWidth.of(config.name)
        if config.startup == nil {
            startup = nil
            lastFailure = nil
            failingStartupSince = nil
        }
    }

    /// Recent latencies, oldest first; nil where a check got no answer.
    public var samples: [Double?] { history.samples.map(\.latencyMilliseconds) }

    /// The latency trend a sparkline draws: the slowest answer of each minute that has
    /// results, oldest first (nil for a minute with no answer at all). One column a minute, so
    /// that a fast check's trend moves once a minute, not with every result, and a result like
    /// the others changes nothing on screen.
    public var minuteTrend: [Double?] {
        var out: [Double?] = []
        var minute = Int.min
        for sample in history.samples {
            let m = Int((sample.at.timeIntervalSince1970 / 60).rounded(.down))
            if m != minute {
                out.append(sample.latencyMilliseconds)
                minute = m
            } else if let v = sample.latencyMilliseconds {
                out[out.count - 1] = max(out[out.count - 1] ?? v, v)
            }
        }
        return out
    }

    /// Share of healthy results over the last `window`, from the per-minute counts.
    public func uptime(over window: TimeInterval, now: Date) -> Double? {
        history.availability(over: window, now: now)
    }

    /// The latency a full sparkline bar stands for: the largest recent sample, but never less
    /// than the warn threshold (or 250 ms), so a steady fast service draws low bars.
    public var sparklineCeiling: Double {
        let floor = config.check.latency.warn.map { $0.milliseconds } ?? 250
        return max(floor, samples.compactMap { $0 }.max() ?? 0)
    }

    /// Takes in a startup update.
    public mutating func record(_ update: StartupUpdate) {
        startup = update
        guard let report = update.report else { return }
        if let failing = report.failingPhase {
            if lastFailure == nil { failingStartupSince = failing.endedAt ?? update.at }
            lastFailure = StartupFailure(attempt: report.attempt, phase: failing, exitCode: report.exitCode)
        } else if !report.phases.isEmpty && report.phases.allSatisfy({ $0.status == .ok || $0.status == .skipped }) {
            lastFailure = nil
            failingStartupSince = nil
        }
    }

    /// Takes in one result; returns true when the status changed.
    @discardableResult
    public mutating func record(_ result: CheckResult) -> Bool {
        let o = result.outcome
        let changed = o.status != status || since == nil
        if changed { since = result.finishedAt }
        status = o.status
        code = o.code
        latencyMilliseconds = o.latencyMilliseconds
        reason = o.reason
        detail = o.detail
        lastChecked = result.finishedAt
        lag = result.lag
        missed = result.missed
        checks += 1
        if o.status == .fail { failures += 1 }
        history.samples.append(ServiceHistory.Sample(at: result.finishedAt, status: o.status, latencyMilliseconds: o.latencyMilliseconds))
        if history.samples.count > ServiceState.sampleLimit { history.samples.removeFirst(history.samples.count - ServiceState.sampleLimit) }
        history.count(o.status, at: result.finishedAt)
        history.lastStatus = status
        history.since = since
        return changed
    }
}
