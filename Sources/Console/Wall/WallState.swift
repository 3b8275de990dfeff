import Foundation

/// The wallboard: which page shows and since when. Pages turn every `rotateEvery` seconds:
/// the overview, the timeline, then the details of each service that is not ok (or of the
/// first service when all are).
public struct WallState: Hashable, Sendable {
    public enum Page: Hashable, Sendable {
        case overview
        case timeline
        case details(serviceID: String)
    }

    public var rotateEvery: TimeInterval
    public var page: Page = .overview
    public var pageSince: Date

    public init(rotateEvery: TimeInterval, now: Date) {
        self.rotateEvery = rotateEvery
        pageSince = now
    }

    /// The pages in order for the state as it is now.
    static func pages(_ state: AppState) -> [Page] {
        let troubled = state.services.filter { $0.status != .ok }.map(\.id)
        let details = (troubled.isEmpty ? Array(state.services.prefix(1).map(\.id)) : troubled).map(Page.details(serviceID:))
        return [.overview, .timeline] + details
    }

    /// Turns the page when its time is up.
    mutating func turn(_ state: AppState) {
        guard rotateEvery > 0, state.now.timeIntervalSince(pageSince) >= rotateEvery else { return }
        let pages = WallState.pages(state)
        let next = ((pages.firstIndex(of: page) ?? -1) + 1) % pages.count
        page = pages[next]
        pageSince = state.now
    }
}
