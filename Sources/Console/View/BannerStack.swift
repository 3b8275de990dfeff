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

    /// One banner. When the whole line does not fit, the text gives way first and is cut with
    /// an ellipsis; the severity and title stay, and so does how long the impact has lasted
    /// (on the right, where the text held it) and who acknowledged it.
    private func draw(_ banner: ImpactBanner, y: Int, area: Rect, buffer: inout Buffer, more: Int) {
        let style = banner.isAcknowledged ? theme.style(.bannerAcked) : theme.style(BannerStack.role(banner.rule.severity))
        let line = banner.line(now: state.now, redactor: state.redactor)
        var right: [String] = []
        if more > 0 { right.append("+\(more) more") }
        if let by = banner.record.acknowledgedBy, let at = banner.record.acknowledgedAt {
            right.append("acked by \(by) \(Formatting.clock(at).prefix(5))")
        } else if showsKeyHint && !state.readOnly && banner.holding && banner.id == state.banners.first(where: { !$0.isAcknowledged })?.id {
            right.append("a ack")
        }
        // BannerLine keeps a cell of margin on each side and two between left and right.
        func fits(_ left: String, _ right: [String]) -> Bool {
            let r = right.isEmpty ? 0 : TextWidth.of(right.joined(separator: " · ")) + 2
            return TextWidth.of(left) + r + 2 <= area.width && (r == 0 || r < area.width / 2)
        }
        var left = line
        if !fits(left, right) {
            // The duration moves to the right, where it survives the cut.
            let lasted = banner.holding ? Formatting.duration(banner.duration(now: state.now)) : "recovering"
            right.insert(lasted, at: 0)
            while !fits(banner.head + " · x", right) && right.count > 1 { right.removeLast() }
            let rightWidth = TextWidth.of(right.joined(separator: " · ")) + 2
            left = TextWidth.truncate(line, to: max(TextWidth.of(banner.head), area.width - 2 - rightWidth), ellipsis: glyphs.ellipsis)
        }
        let rightText = right.joined(separator: " · ")
        BannerLine(left: Line(left, style), right: Line(rightText, style), style: style)
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
