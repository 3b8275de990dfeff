import TUI

/// The bottom line: key hints, or a passing message.
struct Footer {
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    var hints: [KeyHintFooter.Hint] {
        let move = glyphs.isASCII ? "up/dn" : "↑↓"
        let enter = glyphs.isASCII ? "enter" : "⏎"
        switch state.screen {
        case .overview:
            return [.init(move, "select"), .init(enter, "details"), .init("r", "re-poll"), .init("?", "help"), .init("q", "quit")]
        case .details:
            return [.init(move, "select"), .init(enter, "back"), .init("r", "re-poll this"), .init("?", "help"), .init("q", "quit")]
        case .help:
            return [.init("any key", "back"), .init("q", "quit")]
        }
    }

    func render(in area: Rect, buffer: inout Buffer) {
        KeyHintFooter(hints: hints, keyStyle: theme.style(.key), labelStyle: theme.style(.footer)).render(in: area, buffer: &buffer)
        if let flash = state.flash {
            let text = " \(flash.text) "
            let w = TextWidth.of(text)
            if w + 2 < area.width {
                buffer.set(area.right - w - 1, area.y, text, theme.style(.flash))
            }
        }
    }
}
