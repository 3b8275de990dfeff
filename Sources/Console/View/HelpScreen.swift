import Monitoring
import SafeText
import TUI

/// The keys, grouped, with where the config came from.
struct HelpScreen {
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    static let keys: [(String, String)] = [
        ("↑ ↓  j k", "select a service"),
        ("PgUp PgDn", "move ten rows"),
        ("Home End G", "first / last service"),
        ("Enter", "details of the selected service (again: back)"),
        ("Esc", "back to the overview"),
        ("r", "re-poll now (all checks, or the selected one in details)"),
        ("g", "walk the golden path now"),
        ("a", "acknowledge the top banner (who and when are recorded)"),
        ("t", "the timeline, full screen (again: back)"),
        ("R", "write the incident report (Markdown) and show its path"),
        ("x", "runbooks: run fixes from the console, with an audit trail"),
        ("L", "reload config (also SIGUSR1); a bad one changes nothing"),
        ("T", "next theme"),
        ("?", "this help"),
        ("q  Ctrl-C", "quit"),
    ]

    /// Every way a check comes out, as the probes judge it.
    static let statuses: [(CheckStatus, String)] = [
        (.ok, "answered as expected"),
        (.warn, "answered, but slower than latency.warn; or the body says degraded or warning; or the TLS certificate ends within tls.expiry_warning"),
        (.fail, "no answer (refused, reset, timed out); an unexpected status or exit code; a failed expect condition or missing event; "
            + "a body that says unhealthy, down or error, is not the JSON or UTF-8 it is labelled as, stalls or is too large; "
            + "slower than latency.critical; a TLS handshake that fails or an expired certificate"),
        (.unknown, "not checked yet"),
    ]

    /// Where the config came from and when it was read; for a file, how to read it again.
    var configLine: String {
        let loaded = "loaded \(Formatting.clock(state.configLoadedAt)) UTC"
        guard state.configFile != nil else { return "\(state.source) (built in) · \(loaded)" }
        return "\(SafeText.sanitize(state.source)) · \(loaded) · L or SIGUSR1 reads it again"
    }

    func render(in area: Rect, buffer: inout Buffer) {
        var lines: [Line] = [Line("Keys", theme.style(.title)), Line("")]
        for (k, what) in HelpScreen.keys {
            let key = glyphs.isASCII ? k.replacingOccurrences(of: "↑ ↓", with: "up dn") : k
            lines.append(Line([Span(TextWidth.pad(key, to: 14), theme.style(.key).patched(by: Style(background: .default))), Span(what, theme.style(.text))]))
        }
        lines += [
            Line(""),
            Line("Status", theme.style(.title)),
            Line(""),
        ]
        for (status, meaning) in HelpScreen.statuses {
            let word = TextWidth.pad(Formatting.status(status, glyphs), to: 8)
            for (i, part) in TextWidth.wrap(meaning, width: max(20, area.width - 12)).enumerated() {
                lines.append(Line([Span(i == 0 ? word : String(repeating: " ", count: 8), theme.status(status)), Span(part, theme.style(.text))]))
            }
        }
        lines += [
            Line(""),
            Line([Span("Config   ", theme.style(.muted)), Span(configLine, theme.style(.text))]),
        ]
        if let store = state.store {
            lines.append(Line([Span("History  ", theme.style(.muted)), Span(store.text, store.isProblem ? theme.style(.warn) : theme.style(.text))]))
        }
        if state.readOnly {
            lines.append(Line([Span("Mode     ", theme.style(.muted)),
                               Span("read-only: nothing runs, no banner is acknowledged and no report is written; its own checks are still "
                                    + "kept in its store; runbooks can be browsed, checks re-polled, themes switched", theme.style(.warn))]))
        }
        // Longer than the screen: ↑ ↓ scroll, and the last line says what is below.
        let inner = area.inset(by: 1)
        let top = min(state.helpScroll, max(0, lines.count - inner.height))
        var shown = Array(lines.dropFirst(top))
        if shown.count > inner.height, inner.height > 1 {
            let below = shown.count - inner.height + 1
            shown = Array(shown.prefix(inner.height - 1)) + [Line("\(glyphs.isASCII ? "v" : "↓") \(below) more \(below == 1 ? "line" : "lines") (↓ PgDn)", theme.style(.key))]
        }
        Paragraph(shown).render(in: inner, buffer: &buffer)
    }
}
