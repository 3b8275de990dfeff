import Foundation
import Monitoring

/// Raises, refreshes, acknowledges and clears impact banners from the live state.
///
/// Contract: a banner is raised when its rule's condition holds, with the start the state
/// shows for it (when the golden path first failed, when the service went down); it clears
/// only after the condition has stopped holding for the rule's `clear_after`, so a flapping
/// condition does not flap the banner. Every change is a timeline event and a record for the
/// store; while a banner holds, its record is re-saved at most every `saveEvery`.
enum ImpactUpdate {
    static let saveEvery: TimeInterval = 15

    static func inputs(_ state: AppState) -> ImpactInputs {
        ImpactInputs(
            now: state.now,
            services: state.services.map { s in
                ImpactInputs.Service(id: s.id, name: s.name, status: s.status, since: s.since,
                                     failedPhase: s.lastFailure?.phase, failingStartupSince: s.failingStartupSince,
                                     startup: s.startup?.report, exitCode: s.lastFailure?.exitCode, history: s.history)
            },
            goldenPath: state.goldenPath?.lastRun,
            goldenPathSince: state.goldenPath?.passing == false ? state.goldenPath?.since : nil
        )
    }

    static func evaluate(_ state: inout AppState) -> [Effect] {
        guard !state.rules.isEmpty else { return [] }
        let now = state.now
        let input = inputs(state)
        var effects: [Effect] = []
        var events: [TimelineEvent] = []
        for rule in state.rules {
            let match = ImpactEvaluator.evaluate(rule.condition, input)
            let index = state.banners.firstIndex { $0.rule.id == rule.id }
            switch (match, index) {
            case (let match?, nil):
                let record = BannerRecord(ruleID: rule.id, raisedAt: min(match.since, now), lastHeldAt: now)
                let banner = ImpactBanner(rule: rule, record: record, values: match.values, holding: true)
                state.banners.append(banner)
                events.append(TimelineEvent(at: now, kind: .bannerRaised, subject: rule.id, sentence: ImpactUpdate.raisedSentence(banner, now: now, redactor: state.redactor)))
                effects.append(.persistBanner(record))
            case (let match?, let i?):
                let saved = state.banners[i].record.lastHeldAt
                state.banners[i].values = match.values
                state.banners[i].holding = true
                state.banners[i].restored = false
                state.banners[i].record.lastHeldAt = now
                if now.timeIntervalSince(saved) >= saveEvery { effects.append(.persistBanner(state.banners[i].record)) }
            case (nil, let i?):
                state.banners[i].holding = false
                // Fresh results have come in since the restart: the banner is recovering now.
                if state.lastResultAt != nil { state.banners[i].restored = false }
                let banner = state.banners[i]
                if now.timeIntervalSince(banner.record.lastHeldAt) >= rule.clearAfter.value {
                    var record = banner.record
                    record.clearedAt = now
                    state.banners.remove(at: i)
                    var resolved = banner
                    resolved.record = record
                    state.resolved.insert(resolved, at: 0)
                    if state.resolved.count > 20 { state.resolved.removeLast() }
                    let lasted = Formatting.exactDuration(record.lastHeldAt.timeIntervalSince(record.raisedAt))
                    events.append(TimelineEvent(at: now, kind: .bannerCleared, subject: rule.id,
                                                sentence: "\(rule.severity.rawValue) · \(rule.title) cleared after \(lasted)"))
                    effects.append(.persistBanner(record))
                }
            case (nil, nil):
                break
            }
        }
        state.banners.sort(by: AppState.bannerOrder)
        state.resolved.sort { a, b in
            a.record.clearedAt != b.record.clearedAt ? (a.record.clearedAt ?? now) > (b.record.clearedAt ?? now) : a.rule.severity < b.rule.severity
        }
        Transitions.append(events, to: &state)
        if !events.isEmpty { effects.append(.persistEvents(events)) }
        return effects
    }

    /// "P0 · Chat offline raised: $500K+ ARR pipeline blocked · …".
    static func raisedSentence(_ banner: ImpactBanner, now: Date, redactor: SecretRedactor) -> String {
        let text = banner.text(now: now, redactor: redactor, exact: true)
        return "\(banner.rule.severity.rawValue) · \(banner.rule.title) raised" + (text.isEmpty ? "" : ": \(text)")
    }

    /// `a`: acknowledges the worst banner not yet acknowledged.
    static func acknowledgeTop(_ state: inout AppState) -> [Effect] {
        guard let i = state.banners.firstIndex(where: { !$0.isAcknowledged }) else {
            Update.say(state.banners.isEmpty ? "no banner to acknowledge" : "every banner is acknowledged", &state)
            return []
        }
        state.banners[i].record.acknowledgedBy = state.operatorName
        state.banners[i].record.acknowledgedAt = state.now
        let banner = state.banners[i]
        let event = TimelineEvent(at: state.now, kind: .bannerAcknowledged, subject: banner.rule.id,
                                  sentence: "\(banner.rule.severity.rawValue) · \(banner.rule.title) acknowledged by \(state.operatorName)")
        Transitions.append([event], to: &state)
        Update.say("acknowledged \(banner.rule.severity.rawValue) · \(banner.rule.title)", &state)
        return [.persistBanner(banner.record), .persistEvents([event])]
    }
}
