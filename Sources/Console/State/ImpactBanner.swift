import Foundation
import Monitoring

/// A raised business-impact banner: its rule, its lasting record (start, acknowledgement),
/// and the values its text was last filled with.
public struct ImpactBanner: Hashable, Sendable, Identifiable {
    public var rule: ImpactRule
    public var record: BannerRecord
    /// Values from the last time the condition held; kept while the banner waits to clear.
    public var values: [String: String]
    /// Whether the condition holds right now (false while the banner waits out `clear_after`).
    public var holding: Bool
    /// Brought back from the store at start, and not yet seen holding since.
    public var restored = false

    public var id: String { rule.id }
    public var isAcknowledged: Bool { record.acknowledgedAt != nil }

    /// How long the impact has lasted, as of `now`: still counting while the condition holds,
    /// and stopped at the last moment it held once it does not.
    public func duration(now: Date) -> TimeInterval {
        (holding ? now : min(now, record.lastHeldAt)).timeIntervalSince(record.raisedAt)
    }

    /// When the banner clears if the condition stays false.
    public var clearsAt: Date { record.lastHeldAt.addingTimeInterval(rule.clearAfter.value) }

    /// The banner's text, redacted. While the condition holds: the rule's text with
    /// `{duration}` and `{since}` filled for `now`. Once it stops holding (the banner waits out
    /// `clear_after`): what is true now — recovering, how long the impact lasted, when the
    /// banner clears — and not the words of the trouble that is over. `exact`: durations to
    /// the second, for texts written once (timeline sentences, reports, `check`), which never
    /// tick; the screen's are as precise as `Formatting.duration`.
    public func text(now: Date, redactor: SecretRedactor, exact: Bool = false) -> String {
        func format(_ seconds: TimeInterval) -> String { exact ? Formatting.exactDuration(seconds) : Formatting.duration(seconds) }
        if restored && !holding { return "as before the restart · waiting for fresh checks" }
        guard holding else {
            return "recovering · lasted \(format(duration(now: now))) · clears at \(Formatting.clock(clearsAt)) unless it comes back"
        }
        var v = rule.values.merging(values) { $1 }
        v["duration"] = format(duration(now: now))
        v["since"] = Formatting.clock(record.raisedAt) + " UTC"
        return redactor.redact(ImpactText.render(rule.text, values: v))
    }

    /// The severity and title: `P0 · Chat offline`.
    public var head: String { "\(rule.severity.rawValue) · \(rule.title)" }

    /// The one-line form: `P0 · Chat offline · $500K+ ARR pipeline blocked · down 2h13m`.
    public func line(now: Date, redactor: SecretRedactor) -> String {
        let t = text(now: now, redactor: redactor)
        return head + (t.isEmpty ? "" : " · \(t)")
    }
}
