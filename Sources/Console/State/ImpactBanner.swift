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

    public var id: String { rule.id }
    public var isAcknowledged: Bool { record.acknowledgedAt != nil }

    /// How long the impact has lasted, as of `now`.
    public func duration(now: Date) -> TimeInterval { now.timeIntervalSince(record.raisedAt) }

    /// The banner's text with `{duration}` and `{since}` filled for `now`, redacted.
    public func text(now: Date, redactor: SecretRedactor) -> String {
        var v = rule.values.merging(values) { $1 }
        v["duration"] = Formatting.duration(duration(now: now))
        v["since"] = Formatting.clock(record.raisedAt) + " UTC"
        return redactor.redact(ImpactText.render(rule.text, values: v))
    }

    /// The one-line form: `P0 · Chat offline · $500K+ ARR pipeline blocked · down 2h13m`.
    public func line(now: Date, redactor: SecretRedactor) -> String {
        let t = text(now: now, redactor: redactor)
        return "\(rule.severity.rawValue) · \(rule.title)" + (t.isEmpty ? "" : " · \(t)")
    }
}
