import Foundation
import Monitoring
import TUI

/// The overview for small terminals (below 80×24, down to 40×12): one column, one line for
/// the golden path, one for the failing startup phase, then a row per service, failing first
/// in the order of the config, as many as fit (the selected one always shown).
struct MinimalView {
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        var lines: [Line] = []
        if let path = state.goldenPath { lines.append(goldenPathLine(path)) }
        if let phase = failingPhaseLine() { lines.append(phase) }
        let top = lines.count
        Paragraph(lines).render(in: area.insetHorizontally(by: 1), buffer: &buffer)
        let list = Rect(x: area.x, y: area.y + top, width: area.width, height: max(0, area.height - top))
        services(in: list, buffer: &buffer)
    }

    func goldenPathLine(_ path: GoldenPathState) -> Line {
        let name = Span(path.spec.name + " ", theme.style(.title))
        guard let run = path.lastRun else { return Line([name, Span("not walked yet", theme.style(.muted))]) }
        guard let failure = run.firstFailure else {
            return Line([name, Span(GoldenPathPanel.glyph(.pass, glyphs) + " passing", theme.style(.ok))])
        }
        var text = "\(GoldenPathPanel.glyph(.fail, glyphs)) \(failure.name)"
        if let code = failure.code { text += " \(code)" }
        if !run.blocked.isEmpty { text += " · \(run.blocked.count) blocked" }
        return Line([name, Span(text, theme.style(.fail))])
    }

    func failingPhaseLine() -> Line? {
        guard let s = state.services.first(where: { $0.lastFailure != nil }), let f = s.lastFailure else { return nil }
        var text = "\(s.name) \(f.phase.name) \(f.phase.status.rawValue)"
        if let e = f.phase.elapsed { text += String(format: " %.1fs", e) }
        if let code = f.exitCode { text += " · exit \(code)" }
        return Line([Span(PhasesPanel.glyph(.failed, glyphs) + " ", theme.style(.fail)), Span(text, theme.style(.text))])
    }

    func services(in area: Rect, buffer: inout Buffer) {
        guard area.height > 0 else { return }
        let count = state.services.count
        let first = max(0, min(state.selected - area.height + 1, count - area.height))
        for (row, i) in (first..<min(count, first + area.height)).enumerated() {
            let s = state.services[i]
            let selected = i == state.selected
            let since = s.since.map { Formatting.duration(state.now.timeIntervalSince($0)) } ?? ""
            let right = [s.code.map(String.init), since.isEmpty ? nil : since].compactMap { $0 }.joined(separator: " ")
            let y = area.y + row
            let nameRoom = max(4, area.width - 6 - TextWidth.of(right) - 2)
            var spans = [
                Span(selected ? glyphs.selector : " ", theme.style(.selection)),
                Span(Formatting.glyph(s.status, glyphs) + " ", theme.status(s.status)),
                Span(TextWidth.pad(TextWidth.truncate(s.name, to: nameRoom, ellipsis: glyphs.ellipsis), to: nameRoom), theme.style(.text)),
                Span(" " + right, theme.style(.muted)),
            ]
            if selected { spans = spans.map { Span($0.text, $0.style.patched(by: theme.style(.selection))) } }
            buffer.set(area.x, y, Line(spans), limit: area.width)
        }
    }
}
