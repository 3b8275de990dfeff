import TUI

/// The bar above the footer that says a reload was refused, why, and which config the console
/// still watches with: "config not reloaded: staging.yaml:14:7: services[1].check.timeout: … —
/// still watching with the config loaded at 16:47:16 UTC".
///
/// Contract: takes no room without a refusal; otherwise it stays, on every screen, until a
/// reload succeeds. Drawn like a P2 banner (a bar every theme makes readable), wrapped onto at
/// most `maximumLines`; what still does not fit ends in an ellipsis.
struct ConfigNoticeBar {
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    static let maximumLines = 2

    var text: String? { state.configRejection?.notice(loadedAt: state.configLoadedAt) }

    /// Lines the bar takes at `width`, at most `limit`.
    func height(width: Int, limit: Int = ConfigNoticeBar.maximumLines) -> Int {
        guard let text else { return 0 }
        return min(limit, max(1, TextWidth.wrap(text, width: max(1, width - 2)).count))
    }

    func render(in area: Rect, buffer: inout Buffer) {
        guard let text, !area.isEmpty else { return }
        let style = theme.style(.bannerP2).adding(.bold)
        buffer.fill(area, style: style)
        let width = max(1, area.width - 2)
        var lines = TextWidth.wrap(text, width: width)
        if lines.count > area.height {
            let rest = lines[(area.height - 1)...].joined(separator: " ")
            lines = Array(lines.prefix(area.height - 1)) + [TextWidth.truncate(rest, to: width, ellipsis: glyphs.ellipsis)]
        }
        for (row, line) in lines.enumerated() {
            buffer.set(area.x + 1, area.y + row, line, style, limit: width)
        }
    }
}
