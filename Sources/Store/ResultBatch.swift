import Foundation
import Monitoring

/// A batch of check results reduced to what a store keeps of them: the newest samples per
/// check, the per-minute ok/warn/fail counts, and the status changes.
///
/// Both stores apply the same reduction, so they agree on what a result leaves behind.
/// A sample's time, a minute's placing and a change's `since` are the result's `finishedAt`.
/// `unknown` results are sampled and can change the status but are not counted in minutes.
package struct ResultBatch: Sendable {
    /// One check's minute (whole minutes since 1970).
    package struct MinuteKey: Hashable, Sendable {
        package var checkID: String
        package var minute: Int64
        package init(checkID: String, minute: Int64) {
            self.checkID = checkID
            self.minute = minute
        }
    }

    package struct Counts: Hashable, Sendable {
        package var ok = 0
        package var warn = 0
        package var fail = 0
        package init(ok: Int = 0, warn: Int = 0, fail: Int = 0) {
            self.ok = ok
            self.warn = warn
            self.fail = fail
        }
        package mutating func add(_ other: Counts) {
            ok += other.ok
            warn += other.warn
            fail += other.fail
        }
        package var total: Int { ok + warn + fail }
    }

    /// A check's status changed: `status` holds since `since`, first explained by `reason`.
    package struct StateChange: Hashable, Sendable {
        package var status: CheckStatus
        package var since: Date
        package var reason: String
    }

    /// The checks in the batch, in the order they first appear.
    package private(set) var checkIDs: [String] = []
    /// Per check, oldest first, at most `ServiceHistory.sampleLimit` (the newest ones).
    package private(set) var samples: [String: [ServiceHistory.Sample]] = [:]
    /// Counts per check and minute, summed over the batch.
    package private(set) var minutes: [MinuteKey: Counts] = [:]
    /// Per check, the last status change in the batch, if the status changed.
    package private(set) var changes: [String: StateChange] = [:]

    /// Reduces `results` (in arrival order); `lastStatus` tells the status each check was in
    /// before the batch (nil when the store has never seen it).
    package init(_ results: [CheckResult], lastStatus: (String) -> CheckStatus?) {
        var current: [String: CheckStatus?] = [:]
        for r in results {
            let id = r.checkID
            let status = r.outcome.status
            if samples[id] == nil {
                checkIDs.append(id)
                samples[id] = []
                current[id] = lastStatus(id)
            }
            samples[id]!.append(ServiceHistory.Sample(at: r.finishedAt, status: status, latencyMilliseconds: r.outcome.latencyMilliseconds))
            if current[id]! != status {
                current[id] = status
                changes[id] = StateChange(status: status, since: r.finishedAt, reason: r.outcome.reason)
            }
            let key = MinuteKey(checkID: id, minute: MinuteClock.index(of: r.finishedAt))
            switch status {
            case .ok: minutes[key, default: Counts()].ok += 1
            case .warn: minutes[key, default: Counts()].warn += 1
            case .fail: minutes[key, default: Counts()].fail += 1
            case .unknown: break
            }
        }
        for id in checkIDs where samples[id]!.count > ServiceHistory.sampleLimit {
            samples[id]!.removeFirst(samples[id]!.count - ServiceHistory.sampleLimit)
        }
    }

    /// Minute counts already summed elsewhere (used to build a long history quickly).
    package init(minuteCounts: [MinuteKey: Counts]) {
        minutes = minuteCounts.filter { $0.value.total > 0 }
        var seen = Set<String>()
        for key in minutes.keys.sorted(by: { ($0.minute, $0.checkID) < ($1.minute, $1.checkID) }) where seen.insert(key.checkID).inserted {
            checkIDs.append(key.checkID)
        }
    }

    package var isEmpty: Bool { checkIDs.isEmpty }
}

extension CheckStatus {
    /// The small integer a sample's status is stored as.
    var code: Int {
        switch self {
        case .ok: return 0
        case .warn: return 1
        case .fail: return 2
        case .unknown: return 3
        }
    }

    init(code: Int) {
        switch code {
        case 0: self = .ok
        case 1: self = .warn
        case 2: self = .fail
        default: self = .unknown
        }
    }
}
