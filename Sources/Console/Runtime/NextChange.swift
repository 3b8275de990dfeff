import Foundation
import Monitoring

/// When the screen would next read differently if nothing happened but time: what the loop
/// sleeps until.
///
/// Contract: the earliest moment, after `now`, at which a text drawn from the state changes by
/// time alone, or at which `update` would decide something by time alone — the header's minute
/// clock, a check turning late, each duration shown (`Formatting.nextChange`), a flash
/// expiring, a banner whose `clear_after` or a rule whose `for` runs out, a running phase or
/// step (each second), a wallboard's page turning. It looks at what any screen shows, so it may
/// wake the loop for a text the current screen leaves out, never later than the text changes.
/// Nil only when the state shows no time at all (it always does: the clock).
extension AppState {
    public func nextVisibleChange() -> Date? {
        var soonest = Formatting.nextMinute(after: now)
        func consider(_ date: Date?) {
            guard let date, date > now, date < soonest else { return }
            soonest = date
        }
        func duration(since start: Date?) { if let start { consider(Formatting.nextChange(ofDurationSince: start, now: now)) } }
        func ago(since start: Date?) { if let start { consider(Formatting.nextChange(ofAgoSince: start, now: now)) } }

        consider(flash?.until)
        let nextSecond = now.addingTimeInterval(1 - now.timeIntervalSince1970.truncatingRemainder(dividingBy: 1))
        var late = 0
        // By index, reading fields in place: this runs for every service on every turn of the loop.
        for i in services.indices {
            duration(since: services[i].since)
            if isLate(i) { late += 1 } else { consider(overdueAt(i)) }
            if services[i].startup?.report?.phases.contains(where: { $0.status == .running }) == true { consider(nextSecond) }
        }
        if services.indices.contains(selected) { ago(since: services[selected].lastChecked) }
        if let quiet = lastResultAt, !services.isEmpty, late == services.count, staleFor(lateCount: late) == nil {
            consider(quiet.addingTimeInterval(AppState.staleAfter))
        }
        if let path = goldenPath {
            duration(since: path.since)
            ago(since: path.lastRun?.finishedAt)
        }
        for banner in banners {
            if banner.holding { duration(since: banner.record.raisedAt) } else { consider(banner.clearsAt) }
        }
        // A rule's `for` runs out: the banner goes up then, with no result to prompt it.
        func walk(_ condition: ImpactCondition) {
            switch condition {
            case .serviceFailing(let ids, let minimum) where minimum.value > 0:
                for i in services.indices where services[i].status == .fail && (ids.isEmpty || ids.contains(services[i].id)) {
                    consider(services[i].since?.addingTimeInterval(minimum.value))
                }
            case .any(let parts), .all(let parts):
                parts.forEach(walk)
            default:
                break
            }
        }
        for rule in rules { walk(rule.condition) }
        if runs.contains(where: \.isRunning) { consider(nextSecond) }
        if let wall, wall.rotateEvery > 0, WallState.pages(self).count > 1 { consider(wall.pageSince.addingTimeInterval(wall.rotateEvery)) }
        return soonest
    }
}
