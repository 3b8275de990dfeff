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
            Line([Span(Formatting.status(.ok, glyphs), theme.style(.ok)), Span("   answered as expected", theme.style(.text))]),
            Line([Span(Formatting.status(.warn, glyphs), theme.style(.warn)), Span(" answered, but slower than the warn threshold", theme.style(.text))]),
            Line([Span(Formatting.status(.fail, glyphs), theme.style(.fail)), Span(" wrong answer, too slow, or no answer", theme.style(.text))]),
            Line([Span(Formatting.status(.unknown, glyphs), theme.style(.unknown)), Span(" not checked yet", theme.style(.text))]),
            Line(""),
            Line([Span("Config   ", theme.style(.muted)), Span(configLine, theme.style(.text))]),
        ]
        if let store = state.store {
            lines.append(Line([Span("History  ", theme.style(.muted)), Span(store.text, store.isProblem ? theme.style(.warn) : theme.style(.text))]))
        }
        Paragraph(lines).render(in: area.inset(by: 1), buffer: &buffer)
    }
}
