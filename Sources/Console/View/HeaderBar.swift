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
        // A console that cannot run anything says so from the first frame, and keeps saying it
        // as the width falls.
        let environment = state.wall != nil ? "\(state.environment) · wall" : state.readOnly ? "\(state.environment) · read-only" : state.environment
        var left: [Span] = [
            Span("WARROOM", theme.style(.headerAccent)),
            Span(sep, header),
            Span(environment, header),
            Span(sep, header),
            Span(Formatting.glyph(overall, glyphs) + " " + summary, statusStyle),
        ]
        if !detail.isEmpty { left.append(Span(" · " + detail.joined(separator: " · "), header)) }
        var right = ""
        if let last = state.lastResultAt {
            right = "updated \(Formatting.duration(state.now.timeIntervalSince(last))) ago" + sep
        }
        right += Formatting.clock(state.now) + " UTC"
        // As the width falls: the freshness goes, then the detail counts, then the clock.
        let clock = Line(Formatting.clock(state.now), header)
        let full = Line(left), brief = Line(Array(left.prefix(5))), tiny = Line(Array(left[2..<5])), status = Line([left[4]])
        let candidates: [(Line, Line)] = [(full, Line(right, header)), (full, clock), (brief, clock), (brief, Line([])), (tiny, Line([]))]
        let (l, r) = candidates.first { $0.0.width + $0.1.width + 4 <= area.width } ?? (status, Line([]))
        BannerLine(left: l, right: r, style: header).render(in: area, buffer: &buffer)
    }
}
