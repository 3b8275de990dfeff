import Foundation
import Monitoring

/// How long a store keeps what it is given. `prune(now:)` drops what falls outside.
///
/// Defaults: per-minute counts for 7 days (enough for a week of uptime figures; at 1,000
/// checks that is about 10 million small rows), timeline events and cleared banners for
/// 90 days (an incident review a quarter later still finds them). Active banners are never
/// pruned. Recent samples are bounded by count (`ServiceHistory.sampleLimit` per check)
/// and also dropped once older than `rollups`, so a check removed from the config does not
/// keep its samples for ever.
public struct StoreRetention: Hashable, Sendable {
    /// How long per-minute ok/warn/fail counts are kept, in seconds.
    public var rollups: TimeInterval
    /// How long timeline events are kept, in seconds.
    public var timeline: TimeInterval
    /// How long a banner is kept after it cleared, in seconds.
    public var clearedBanners: TimeInterval

    public static let day: TimeInterval = 86_400

    public init(rollups: TimeInterval = 7 * day, timeline: TimeInterval = 90 * day, clearedBanners: TimeInterval = 90 * day) {
        self.rollups = rollups
        self.timeline = timeline
        self.clearedBanners = clearedBanners
    }

    /// The first minute (`MinuteClock` index) still kept as of `now`.
    /// The first minute `history(for:now:)` gives back: the last `ServiceHistory.restoreWindow`
    /// at most (what the console shows), however much longer the store keeps.
    func firstRestoredMinute(now: Date) -> Int64 {
        max(firstKeptMinute(now: now), MinuteClock.index(of: now.addingTimeInterval(-ServiceHistory.restoreWindow)))
    }

    func firstKeptMinute(now: Date) -> Int64 {
        MinuteClock.index(of: now.addingTimeInterval(-rollups))
    }
}
