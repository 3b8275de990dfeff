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
            var hints: [KeyHintFooter.Hint] = [.init(move, "select"), .init(enter, "details")]
            if state.banners.contains(where: { !$0.isAcknowledged }) { hints.append(.init("a", "ack")) }
            hints += [.init("t", "timeline"), .init("R", "report"), .init("r", "re-poll"), .init("?", "help"), .init("q", "quit")]
            return hints
        case .details:
            return [.init(move, "select"), .init(enter, "back"), .init("r", "re-poll this"), .init("?", "help"), .init("q", "quit")]
        case .timeline:
            return [.init(move, "scroll"), .init("t", "back"), .init("R", "report"), .init("?", "help"), .init("q", "quit")]
        case .help:
            return [.init("any key", "back"), .init("q", "quit")]
        }
    }

    func render(in area: Rect, buffer: inout Buffer) {
        KeyHintFooter(hints: hints, keyStyle: theme.style(.key), labelStyle: theme.style(.footer)).render(in: area, buffer: &buffer)
        let note = state.flash.map { ($0.text, theme.style(.flash)) }
            ?? state.store.flatMap { $0.isProblem ? ($0.text, theme.style(.warn).patched(by: Style(background: theme.style(.footer).background))) : nil }
        if let (message, style) = note {
            let text = " " + TextWidth.truncate(message, to: max(0, area.width * 2 / 3), ellipsis: glyphs.ellipsis) + " "
            let w = TextWidth.of(text)
            if w + 2 < area.width {
                buffer.set(area.right - w - 1, area.y, text, style)
            }
        }
    }
}
