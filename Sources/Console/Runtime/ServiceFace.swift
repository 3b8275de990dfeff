import Foundation
import Monitoring
import TUI

/// What any screen shows of one service: its row in the table, its tile on the wallboard, its
/// part in the header's counts and lateness, and, for the selected service, its details.
///
/// Contract: when a result leaves a service's face unchanged and `update` asked for nothing
/// (no transition, no banner), every screen reads as it did before the result, so the loop
/// need not draw; time-driven changes are `AppState.nextVisibleChange`'s business.
struct ServiceFace: Hashable {
    var status: CheckStatus
    var code: Int?
    var latency: String
    var reason: String
    var since: Date?
    var late: Bool
    var trend: String
    /// The details panel (of the selected service, or of the service a wallboard page shows)
    /// counts checks and says when the last ran; nil for any other service.
    var detailsChecks: Int?
}

extension AppState {
    /// The face of the service with `id`, nil when there is none.
    func face(ofService id: String) -> ServiceFace? {
        guard let i = position(of: id) else { return nil }
        let s = services[i]
        // A wallboard shows a service as a tile (status and name) except on its own page.
        if let wall, wall.page != .details(serviceID: id) {
            return ServiceFace(status: s.status, code: nil, latency: "", reason: "", since: s.since, late: isLate(i), trend: "", detailsChecks: nil)
        }
        let trend = Sparkline(values: s.minuteTrend, maximum: s.sparklineCeiling, glyphs: .unicode).text(width: 20)
        return ServiceFace(status: s.status, code: s.code, latency: Formatting.latency(s.latencyMilliseconds),
                           reason: s.reason, since: s.since, late: isLate(i), trend: trend,
                           detailsChecks: i == selected || wall != nil ? s.checks : nil)
    }
}
