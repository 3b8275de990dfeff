import Foundation
import Monitoring
import TUI

/// The services table: one row per service with status, code, latency, reason, time in
/// state and a latency sparkline. Columns shrink and drop out as the width falls.
struct ServicesPanel {
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    /// Rows the panel wants for its table: the header plus one per service.
    var wantedHeight: Int { state.services.count + 1 }

    func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let wide = area.width >= 110
        let narrow = area.width < 70
        let nameWidth = min(max(state.widestName, 8) + 2, wide ? 26 : 18)
        var columns: [Table.Column] = [
            .init("SERVICE", .length(nameWidth)),
            .init("STATUS", .length(6)),
        ]
        if !narrow {
            columns += [.init("CODE", .length(4), .right), .init("LATENCY", .length(wide ? 8 : 7), .right)]
        }
        columns.append(.init("REASON", .fill(1)))
        columns.append(.init("SINCE", .length(6), .right))
        let trendWidth = wide ? 20 : (area.width >= 96 ? 10 : 0)
        if trendWidth > 0 { columns.append(.init(wide ? "LATENCY TREND" : "TREND", .length(trendWidth))) }

        // Only the rows on screen are built: thousands of services cost no more than a screenful.
        let visible = max(0, area.height - 1)
        let count = state.services.count
        let top = visible > 0 && state.selected >= visible ? min(state.selected - visible + 1, max(0, count - visible)) : 0
        let rows = state.services[top..<min(count, top + visible)].map { s -> Table.Row in
            let st = theme.status(s.status)
            var cells: [Line] = [
                Line(s.name, theme.style(.text)),
                Line(Formatting.status(s.status, glyphs), st),
            ]
            if !narrow {
                cells.append(Line(s.code.map(String.init) ?? "—", s.code.map { $0 >= 400 ? theme.style(.fail) : theme.style(.text) } ?? theme.style(.muted)))
                cells.append(Line(Formatting.latency(s.latencyMilliseconds), theme.style(.text)))
            }
            cells.append(Line(state.redactor.redact(s.reason), s.status == .ok ? theme.style(.muted) : theme.style(.text)))
            cells.append(Line(s.since.map { Formatting.duration(state.now.timeIntervalSince($0)) } ?? "—", theme.style(.muted)))
            if trendWidth > 0 {
                let spark = Sparkline(values: s.minuteTrend, maximum: s.sparklineCeiling, glyphs: glyphs).text(width: trendWidth)
                cells.append(Line(spark, theme.style(.sparkline)))
            }
            return Table.Row(cells)
        }
        Table(columns: columns, rows: rows, selected: state.selected - top,
              headerStyle: theme.style(.muted).adding(.bold), selectionStyle: theme.style(.selection), glyphs: glyphs)
            .render(in: area.insetHorizontally(by: 1), buffer: &buffer)
        let y = area.y + 1 + state.selected - top
        if count > 0 && y > area.y && y < area.bottom { buffer.set(area.x, y, glyphs.selector, theme.style(.selection)) }
    }
}
