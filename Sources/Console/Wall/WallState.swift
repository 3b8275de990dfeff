import Foundation

/// The wallboard: which page shows and since when. While something is wrong, pages turn every
/// `rotateEvery` seconds: the overview, the timeline, then the details of each service that is
/// not ok. While all is well (every service ok, no banner up), the overview is the one page:
/// it says so, and a wall where nothing happens turns nothing, sending nothing.
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
        // By index: a service is a large value, and this runs on every turn of the loop.
        var pages: [Page] = [.overview, .timeline]
        for i in state.services.indices where state.services[i].status != .ok {
            pages.append(.details(serviceID: state.services[i].id))
        }
        return pages.count == 2 && state.banners.isEmpty ? [.overview] : pages
    }

    /// Turns the page when its time is up.
    mutating func turn(_ state: AppState) {
        let pages = WallState.pages(state)
        if !pages.contains(page) {
            // The page's service recovered, or all is well again: back to the overview.
            page = .overview
            pageSince = state.now
        }
        guard rotateEvery > 0, pages.count > 1, state.now.timeIntervalSince(pageSince) >= rotateEvery else { return }
        let next = ((pages.firstIndex(of: page) ?? -1) + 1) % pages.count
        page = pages[next]
        pageSince = state.now
    }
}
