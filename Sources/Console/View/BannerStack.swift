import Foundation
import Monitoring
import TUI

/// The business-impact banners under the header, worst first, one line each.
///
/// Contract: an unacknowledged banner is drawn in its severity's colours; an acknowledged one
/// in the quieter `banner-acked` role with who acknowledged it and when. When there are more
/// banners than `maximumLines`, the last line says how many more there are.
struct BannerStack {
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet
    /// False on a wallboard, where no key but quit does anything.
    var showsKeyHint = true

    static let maximumLines = 3

    /// Lines the stack takes: 0 without banners.
    var height: Int { min(state.banners.count, BannerStack.maximumLines) }

    func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let banners = state.banners
        // One line holds the worst banner and says how many more; more lines list them.
        let shown = banners.count > area.height ? max(1, area.height - 1) : banners.count
        for (row, banner) in banners.prefix(shown).enumerated() {
            draw(banner, y: area.y + row, area: area, buffer: &buffer, more: area.height == 1 ? banners.count - 1 : 0)
        }
        if shown < banners.count && area.height > 1 {
            let rest = banners.count - shown
            let line = "+\(rest) more \(rest == 1 ? "banner" : "banners") · t for the timeline"
            BannerLine(left: Line(line, theme.style(.bannerAcked)), style: theme.style(.bannerAcked))
                .render(in: Rect(x: area.x, y: area.y + shown, width: area.width, height: 1), buffer: &buffer)
        }
    }

    private func draw(_ banner: ImpactBanner, y: Int, area: Rect, buffer: inout Buffer, more: Int) {
        let style = banner.isAcknowledged ? theme.style(.bannerAcked) : theme.style(BannerStack.role(banner.rule.severity))
        let line = banner.line(now: state.now, redactor: state.redactor)
        var right: String
        if let by = banner.record.acknowledgedBy, let at = banner.record.acknowledgedAt {
            right = "acked by \(by) \(Formatting.clock(at).prefix(5))"
        } else if banner.holding {
            right = showsKeyHint && banner.id == state.banners.first(where: { !$0.isAcknowledged })?.id ? "a ack" : ""
        } else {
            right = "recovering"
        }
        if more > 0 { right = "+\(more) more" }
        // Who acknowledged stays in view (the text gives way); a hint only shows when it fits.
        if more == 0 && !banner.isAcknowledged && TextWidth.of(line) + TextWidth.of(right) + 3 > area.width { right = "" }
        BannerLine(left: Line(line, style), right: Line(right, style), style: style)
            .render(in: Rect(x: area.x, y: y, width: area.width, height: 1), buffer: &buffer)
    }

    /// The theme role of a banner of this severity.
    static func role(_ severity: Severity) -> ThemeRole {
        switch severity {
        case .p0: return .bannerP0
        case .p1: return .bannerP1
        case .p2: return .bannerP2
        case .p3: return .bannerP3
        }
    }
}
