import Foundation
import Monitoring
import TUI

/// Everything about the selected service: what is checked, the state and for how long, the
/// reason, latency figures and the last response, wrapped to the width.
struct DetailsPanel {
    let service: ServiceState
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    func lines(width: Int) -> [Line] {
        let label = theme.style(.muted)
        let text = theme.style(.text)
        let redact = state.redactor
        let s = service
        let labelWidth = 10
        func row(_ name: String, _ value: [Span]) -> Line {
            Line([Span(TextWidth.pad(name, to: labelWidth), label)] + value)
        }
        var out: [Line] = []
        let check = s.config.check
        out.append(row("Check", [Span(redact.redact(check.target), text), Span(" · every \(check.interval) · timeout \(check.timeout)", label)]))
        var status: [Span] = [Span(Formatting.status(s.status, glyphs), theme.status(s.status))]
        if let since = s.since {
            status.append(Span(" for \(Formatting.duration(state.now.timeIntervalSince(since))) (since \(Formatting.clock(since)) UTC)", text))
        }
        out.append(row("Status", status))
        if let last = s.lastChecked {
            // Counted by whole minutes, so that a result like the last changes nothing here.
            let (total, failed) = s.history.completedCounts(over: 3600, now: state.now)
            let counts = total == 0 ? "" : " · last hour \(total) \(total == 1 ? "check" : "checks"), \(failed) failed"
            out.append(row("History", [Span("checked \(Formatting.ago(state.now.timeIntervalSince(last)))" + counts, label)]))
        }
        let uptimes = [("1h", 3600.0), ("24h", 86_400.0)].compactMap { label, window in
            s.uptime(over: window, now: state.now).map { "\(label) \(Formatting.percent($0))" }
        }
        if !uptimes.isEmpty {
            out.append(row("Uptime", [Span(uptimes.joined(separator: " · "), text)]))
        }
        let reasonWidth = max(10, width - labelWidth)
        for (i, part) in TextWidth.wrap(redact.redact(s.reason), width: reasonWidth).prefix(3).enumerated() {
            out.append(row(i == 0 ? "Reason" : "", [Span(part, s.status == .ok ? text : theme.status(s.status))]))
        }
        let values = s.samples.compactMap { $0 }
        if !values.isEmpty {
            let avg = values.reduce(0, +) / Double(values.count)
            let summary = " last \(Formatting.latency(s.latencyMilliseconds)) · avg \(Formatting.latency(avg)) · max \(Formatting.latency(values.max()))"
            let sparkWidth = max(0, min(40, width - labelWidth - TextWidth.of(summary) - 1))
            out.append(row("Latency", [Span(Sparkline(values: s.minuteTrend, maximum: s.sparklineCeiling, glyphs: glyphs).text(width: sparkWidth), theme.style(.sparkline)), Span(summary, label)]))
        }
        if let detail = s.detail, !detail.isEmpty {
            // Line by line (a body excerpt, then headers and the certificate's expiry), each wrapped.
            let rows = redact.redact(detail).split(separator: "\n", omittingEmptySubsequences: true)
                .flatMap { TextWidth.wrap(String($0), width: reasonWidth) }
            for (i, part) in rows.prefix(DetailsPanel.responseRows).enumerated() {
                out.append(row(i == 0 ? "Response" : "", [Span(part, text)]))
            }
        }
        if let d = s.config.description {
            out.append(row("About", [Span(d, label)]))
        }
        return out
    }

    /// At most this many rows of the last response.
    static let responseRows = 8

    func render(in area: Rect, buffer: inout Buffer) {
        Paragraph(lines(width: area.width - 2)).render(in: area.insetHorizontally(by: 1), buffer: &buffer)
    }
}
