import Monitoring

/// What a store gave back at start: per-check history, the timeline, banner records.
public struct RestoredHistory: Sendable {
    public var histories: [String: ServiceHistory]
    /// Oldest first.
    public var timeline: [TimelineEvent]
    public var banners: [BannerRecord]

    public init(histories: [String: ServiceHistory], timeline: [TimelineEvent], banners: [BannerRecord]) {
        self.histories = histories
        self.timeline = timeline
        self.banners = banners
    }
}
