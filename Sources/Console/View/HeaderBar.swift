import Foundation
import Monitoring
import TUI

/// The top line: product, environment, overall state, freshness, clock.
struct HeaderBar {
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    func render(in area: Rect, buffer: inout Buffer) {
        let header = theme.style(.header)
        let overall = state.overall
        let failing = state.count(.fail), warning = state.count(.warn), waiting = state.count(.unknown)
        let summary: String
        switch overall {
        case .ok: summary = "ALL OK"
        case .fail: summary = "\(failing) FAILING"
        case .warn: summary = "\(warning) DEGRADED"
        case .unknown: summary = "WAITING FOR CHECKS"
        }
        var detail: [String] = []
        if overall != .ok && overall != .unknown {
            if overall != .warn && warning > 0 { detail.append("\(warning) degraded") }
            if waiting > 0 { detail.append("\(waiting) waiting") }
            detail.append("\(state.count(.ok)) ok")
        }
        var statusStyle = theme.status(overall).patched(by: Style(background: header.background))
        statusStyle.attributes.insert(.bold)
        let sep = glyphs.isASCII ? " | " : " │ "
        var left: [Span] = [
            Span("WARROOM", theme.style(.headerAccent)),
            Span(sep, header),
            Span(state.environment, header),
            Span(sep, header),
            Span(Formatting.glyph(overall, glyphs) + " " + summary, statusStyle),
        ]
        if !detail.isEmpty { left.append(Span(" · " + detail.joined(separator: " · "), header)) }
        var right = ""
        if let last = state.lastResultAt {
            right = "updated \(Formatting.duration(state.now.timeIntervalSince(last))) ago" + sep
        }
        right += Formatting.clock(state.now) + " UTC"
        let rightLine = Line(right, header)
        if Line(left).width + rightLine.width + 4 > area.width {
            BannerLine(left: Line(left), right: Line(Formatting.clock(state.now), header), style: header).render(in: area, buffer: &buffer)
        } else {
            BannerLine(left: Line(left), right: rightLine, style: header).render(in: area, buffer: &buffer)
        }
    }
}
