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
            if !state.runbooks.isEmpty { hints.append(.init("x", "runbooks")) }
            hints += [.init("t", "timeline"), .init("R", "report"), .init("r", "re-poll")]
            if state.configFile != nil { hints.append(.init("L", "reload config")) }
            hints += [.init("?", "help", essential: true), .init("q", "quit", essential: true)]
            return hints
        case .details:
            return [.init(move, "select"), .init(enter, "back"), .init("r", "re-poll this"), .init("?", "help", essential: true), .init("q", "quit", essential: true)]
        case .runbooks:
            if state.runbookMenu.prompt != nil { return [.init("Esc", "cancel")] }
            guard state.openRunbook != nil else {
                return [.init(move, "select"), .init(enter, "open"), .init("Esc", "back"), .init("?", "help", essential: true), .init("q", "quit", essential: true)]
            }
            if state.readOnly { return [.init(move, "select"), .init("PgUp/PgDn", "output"), .init("Esc", "runbooks"), .init("read-only", "nothing runs")] }
            return [.init(move, "select"), .init(enter, "run"), .init("A", "run rest"), .init("c", "cancel"), .init("PgUp/PgDn", "output"), .init("Esc", "runbooks"), .init("q", "quit", essential: true)]
        case .timeline:
            return [.init(move, "scroll"), .init("t", "back"), .init("R", "report"), .init("?", "help", essential: true), .init("q", "quit", essential: true)]
        case .help:
            return [.init("any key", "back"), .init("q", "quit", essential: true)]
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
