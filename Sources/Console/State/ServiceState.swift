import Foundation
import Monitoring

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
    /// Recent latencies, oldest first; nil where a check got no answer.
    public var samples: [Double?] = []
    public var checks = 0
    public var failures = 0

    public static let sampleLimit = 120

    public var id: String { config.id }
    public var name: String { config.name }

    public init(config: ServiceConfig) { self.config = config }

    /// The latency a full sparkline bar stands for: the largest recent sample, but never less
    /// than the warn threshold (or 250 ms), so a steady fast service draws low bars.
    public var sparklineCeiling: Double {
        let floor = config.check.latency.warn.map { $0.milliseconds } ?? 250
        return max(floor, samples.compactMap { $0 }.max() ?? 0)
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
        checks += 1
        if o.status == .fail { failures += 1 }
        samples.append(o.latencyMilliseconds)
        if samples.count > ServiceState.sampleLimit { samples.removeFirst(samples.count - ServiceState.sampleLimit) }
        return changed
    }
}
