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
            if !state.readOnly && state.banners.contains(where: { !$0.isAcknowledged }) { hints.append(.init("a", "ack")) }
            if !state.runbooks.isEmpty { hints.append(.init("x", "runbooks")) }
            hints.append(.init("t", "timeline"))
            if !state.readOnly { hints.append(.init("R", "report")) }
            hints.append(.init("r", "re-poll"))
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
            return [.init(move, "scroll"), .init("t", "back")] + (state.readOnly ? [] : [.init("R", "report")]) + [.init("?", "help", essential: true), .init("q", "quit", essential: true)]
        case .help:
            return [.init(glyphs.isASCII ? "up/dn" : "↑↓", "scroll"), .init("any other key", "back"), .init("q", "quit", essential: true)]
        }
    }

    /// A passing message (or a store problem) takes the right of the line and the hints the
    /// rest: hints that no longer fit give way whole, the essential ones last, and the message is
    /// cut (with an ellipsis) only where even those would not fit — never one over the other.
    func render(in area: Rect, buffer: inout Buffer) {
        let note = state.flash.map { ($0.text, theme.style(.flash)) }
            ?? state.store.flatMap { $0.isProblem ? ($0.text, theme.style(.warn).patched(by: Style(background: theme.style(.footer).background))) : nil }
        guard let (message, style) = note, area.width > 4 else {
            KeyHintFooter(hints: hints, keyStyle: theme.style(.key), labelStyle: theme.style(.footer)).render(in: area, buffer: &buffer)
            return
        }
        let essential = hints.filter(\.essential).reduce(0) { $0 + $1.width + 2 }
        let room = max(8, area.width - essential - 3)
        let text = " " + TextWidth.truncate(message, to: min(room, area.width - 2) - 2, ellipsis: glyphs.ellipsis) + " "
        let w = TextWidth.of(text)
        let hintArea = Rect(x: area.x, y: area.y, width: max(0, area.width - w - 1), height: 1)
        buffer.fill(area.row(0), style: theme.style(.footer))
        KeyHintFooter(hints: hints, keyStyle: theme.style(.key), labelStyle: theme.style(.footer)).render(in: hintArea, buffer: &buffer)
        buffer.set(area.right - w - 1, area.y, text, style)
    }
}
