import Foundation
import Monitoring
import TUI

/// A service's startup, phase by phase: status, elapsed time against the budget as a bar,
/// the failing phase's error in full, the exit code and the restarts so far.
struct PhasesPanel {
    let service: ServiceState
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    var report: StartupReport? { service.startup?.report }

    /// The title line's right side: attempt, state, exit code, restarts.
    var summary: String {
        guard let r = report else { return service.startup?.problem == nil ? "waiting" : "unavailable" }
        var parts: [String] = []
        if let a = r.attempt { parts.append("attempt \(a)") }
        if let s = r.state { parts.append(s) }
        if let code = r.exitCode { parts.append("exit \(code)") }
        if let n = r.restarts { parts.append("\(n) restart\(n == 1 ? "" : "s")") }
        return parts.joined(separator: " · ")
    }

    var title: String { "Startup · \(service.name)" }

    static func glyph(_ s: PhaseStatus, _ glyphs: GlyphSet) -> String {
        switch s {
        case .pending: return glyphs.isASCII ? "." : "○"
        case .running: return glyphs.isASCII ? "~" : "◐"
        case .ok: return glyphs.isASCII ? "+" : "✔"
        case .failed, .timeout: return glyphs.isASCII ? "x" : "✖"
        case .skipped: return "-"
        }
    }

    func style(_ s: PhaseStatus) -> Style {
        switch s {
        case .pending, .skipped: return theme.style(.muted)
        case .running: return theme.style(.warn)
        case .ok: return theme.style(.ok)
        case .failed, .timeout: return theme.style(.fail)
        }
    }

    /// Seconds spent in a phase: as reported, or counted from its start while it runs.
    func elapsed(_ p: StartupPhase) -> Double? { p.elapsed(at: state.now) }

    /// The panel's lines; `compact` folds pending and skipped phases into one line each, for
    /// small screens where the failing phase and its error must still show.
    func lines(width: Int, compact: Bool = false) -> [Line] {
        guard let r = report else {
            let text = service.startup?.problem.map { state.redactor.redact($0) } ?? "no startup status yet"
            return [Line(text, service.startup?.problem == nil ? theme.style(.muted) : theme.style(.fail))]
        }
        let nameWidth = min(16, max(6, r.phases.map { TextWidth.of($0.name) }.max() ?? 6) + 1)
        let barWidth = width >= 70 ? 20 : (width >= 50 ? 10 : 0)
        var out: [Line] = []
        var folded: [PhaseStatus: [String]] = [:]
        for (i, p) in r.phases.enumerated() {
            if compact && (p.status == .pending || p.status == .skipped) {
                folded[p.status, default: []].append(p.name)
                continue
            }
            var spans: [Span] = [
                Span(TextWidth.pad("\(i + 1)", to: 2, alignment: .right) + " ", theme.style(.muted)),
                Span(TextWidth.pad(p.name, to: nameWidth), p.status == .failed || p.status == .timeout ? theme.style(.fail) : theme.style(.text)),
                Span(TextWidth.pad(PhasesPanel.glyph(p.status, glyphs) + " " + p.status.rawValue, to: 10), style(p.status)),
            ]
            let e = elapsed(p)
            if barWidth > 0 {
                if let t = p.timeout, t > 0, let e {
                    var bar = Buffer(size: Size(width: barWidth, height: 1))
                    Gauge(ratio: e / t, filledStyle: style(p.status == .pending ? .running : p.status), emptyStyle: theme.style(.muted), glyphs: glyphs).render(in: bar.area, buffer: &bar)
                    spans.append(contentsOf: bar.cells.map { Span(String($0.symbol), $0.style) })
                } else {
                    spans.append(Span(String(repeating: " ", count: barWidth)))
                }
                spans.append(Span(" "))
            }
            if let e {
                let budget = p.timeout.map { String(format: "%5.1fs", $0) } ?? "    —"
                // A running phase counts whole seconds; a finished one says its time exactly.
                let shown = p.status == .running ? String(format: "%5.0fs", e.rounded(.down)) : String(format: "%5.1fs", e)
                spans.append(Span(shown + " / " + budget, p.status == .timeout ? theme.style(.fail) : theme.style(.text)))
            } else if let t = p.timeout {
                spans.append(Span("     — / " + String(format: "%5.1fs", t), theme.style(.muted)))
            }
            out.append(Line(spans))
        }
        for status in [PhaseStatus.pending, .skipped] {
            guard let names = folded[status] else { continue }
            let text = "\(PhasesPanel.glyph(status, glyphs)) \(status.rawValue): " + names.joined(separator: ", ")
            out.append(Line(TextWidth.truncate("   " + text, to: width, ellipsis: glyphs.ellipsis), style(status)))
        }
        if let failure = service.lastFailure {
            // Always named by its attempt, so that the line reads (and wraps) the same while
            // the failed attempt is reported and once the next one runs: a panel whose height
            // changed with every restart moved everything under it.
            var head = ""
            if let a = failure.attempt { head = "attempt \(a): " }
            head += "\(failure.phase.name) \(failure.phase.status.rawValue)"
            if let e = failure.phase.elapsed { head += String(format: " after %.1fs", e) }
            if let code = failure.exitCode { head += " · exit \(code)" }
            let text = head + (failure.phase.error.map { " · " + state.redactor.redact($0) } ?? "")
            let wrapped = TextWidth.wrap(text, width: max(10, width - 2))
            for (i, part) in wrapped.enumerated() {
                out.append(Line([Span(i == 0 ? PhasesPanel.glyph(.failed, glyphs) + " " : "  ", theme.style(.fail)), Span(part, theme.style(.text))]))
            }
        }
        if let problem = service.startup?.problem {
            out.append(Line("source: " + state.redactor.redact(problem), theme.style(.warn)))
        }
        return out
    }

    func render(in area: Rect, buffer: inout Buffer, compact: Bool = false) {
        Paragraph(lines(width: area.width - 2, compact: compact)).render(in: area.insetHorizontally(by: 1), buffer: &buffer)
    }
}
