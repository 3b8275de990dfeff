import Monitoring

/// What a console restores at start from its store.
public struct StoreSnapshot: Hashable, Sendable {
    /// Per check asked for; a check the store knows nothing of is absent.
    public var histories: [String: ServiceHistory]
    /// The newest events (up to the limit asked for), oldest first, so that they can be
    /// appended to a timeline in order.
    public var timeline: [TimelineEvent]
    /// Every banner record, active or cleared, newest raised first.
    public var banners: [BannerRecord]

    public init(histories: [String: ServiceHistory] = [:], timeline: [TimelineEvent] = [], banners: [BannerRecord] = []) {
        self.histories = histories
        self.timeline = timeline
        self.banners = banners
    }
}
