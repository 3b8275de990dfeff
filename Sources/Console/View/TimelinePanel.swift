import Foundation
import Monitoring
import TUI

/// The incident timeline, newest first: `16:47:18  ✖ backend-staging went down: HTTP 503`.
///
/// Contract: one event per line, truncated to the width (the full-screen view wraps instead);
/// bad news in the failure colour, recoveries in the ok colour, the rest plain. `skip` events
/// from the newest are left out, for scrolling.
struct TimelinePanel {
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    var summary: String {
        let n = state.timeline.count
        return n == 0 ? "nothing yet" : "\(n) \(n == 1 ? "event" : "events") · newest first"
    }

    /// At most `limit` lines: only what can be shown is built.
    func lines(width: Int, skip: Int = 0, wrap: Bool = false, limit: Int = .max) -> [Line] {
        if state.timeline.isEmpty {
            return [Line("No transitions yet: events appear as checks change state.", theme.style(.muted))]
        }
        let stampWidth = 10
        var out: [Line] = []
        for event in state.timeline.reversed().dropFirst(skip) where out.count < limit {
            let marker = mark(event)
            let sentence = state.redactor.redact(event.sentence)
            let room = max(10, width - stampWidth - 2)
            let parts = wrap ? TextWidth.wrap(sentence, width: room) : [sentence]
            for (i, part) in parts.enumerated() {
                out.append(Line([
                    Span(TextWidth.pad(i == 0 ? Formatting.clock(event.at) : "", to: stampWidth), theme.style(.muted)),
                    Span(i == 0 ? marker.glyph + " " : "  ", marker.style),
                    Span(part, theme.style(.text)),
                ]))
            }
        }
        return out
    }

    private func mark(_ event: TimelineEvent) -> (glyph: String, style: Style) {
        switch event.kind {
        case .serviceRecovered, .startupCompleted, .goldenPathRecovered, .bannerCleared:
            return (Formatting.glyph(.ok, glyphs), theme.style(.ok))
        case .serviceDegraded, .configRejected:
            return (Formatting.glyph(.warn, glyphs), theme.style(.warn))
        case .bannerAcknowledged, .note, .runbookStarted, .runbookFinished, .configReloaded:
            return (glyphs.isASCII ? "*" : "•", theme.style(.title))
        case .serviceDown, .startupFailed, .goldenPathBroken, .bannerRaised:
            return (Formatting.glyph(.fail, glyphs), theme.style(.fail))
        }
    }

    func render(in area: Rect, buffer: inout Buffer, skip: Int = 0, wrap: Bool = false) {
        Paragraph(Array(lines(width: area.width - 2, skip: skip, wrap: wrap, limit: area.height).prefix(area.height)))
            .render(in: area.insetHorizontally(by: 1), buffer: &buffer)
    }
}
