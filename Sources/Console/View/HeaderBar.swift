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
        // Alive and fresh at a glance: a clock that turns each minute, and `live` while every
        // check reports on time; said loudly when checks are late or results stop.
        let minute = Formatting.minuteClock(state.now)
        let freshness: Span
        let short: Span
        // Counted once per frame: it walks every service.
        let n = state.lateCount
        if let quiet = state.staleFor(lateCount: n) {
            var stale = theme.style(.fail).patched(by: Style(background: header.background))
            stale.attributes.insert(.bold)
            freshness = Span("\(Formatting.glyph(.fail, glyphs)) STALE: no result for \(Formatting.duration(quiet))", stale)
            short = Span("STALE", stale)
        } else if n > 0 {
            var late = theme.style(.warn).patched(by: Style(background: header.background))
            late.attributes.insert(.bold)
            freshness = Span("\(Formatting.glyph(.warn, glyphs)) \(n) \(n == 1 ? "check" : "checks") late", late)
            short = Span("\(n) late", late)
        } else {
            freshness = Span("live", header)
            short = Span(minute, header)
        }
        let right = Line([freshness, Span(sep + minute + " UTC", header)])
        // As the width falls: the detail counts go, then the clock; lateness stays longest.
        let clock = Line([short])
        let full = Line(left), brief = Line(Array(left.prefix(5))), tiny = Line(Array(left[2..<5])), status = Line([left[4]])
        let candidates: [(Line, Line)] = [(full, right), (brief, right), (full, clock), (brief, clock), (brief, Line([])), (tiny, Line([]))]
        let (l, r) = candidates.first { $0.0.width + $0.1.width + 4 <= area.width } ?? (status, Line([]))
        BannerLine(left: l, right: r, style: header).render(in: area, buffer: &buffer)
    }
}
