/// A line of key hints (`q quit  r re-poll  ? help`). Hints that do not fit are dropped from
/// the end, never cut in half.
public struct KeyHintFooter: Widget {
    public struct Hint: Hashable, Sendable {
        public var key: String
        public var label: String
        public init(_ key: String, _ label: String) {
            self.key = key
            self.label = label
        }
    }

    public var hints: [Hint]
    public var keyStyle: Style
    public var labelStyle: Style

    public init(hints: [Hint], keyStyle: Style, labelStyle: Style) {
        self.hints = hints
        self.keyStyle = keyStyle
        self.labelStyle = labelStyle
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        buffer.fill(area.row(0), style: labelStyle)
        var x = area.x + 1
        for hint in hints {
            let need = TextWidth.of(hint.key) + 1 + TextWidth.of(hint.label)
            if x + need > area.right { break }
            x = buffer.set(x, area.y, hint.key, keyStyle)
            x = buffer.set(x, area.y, " " + hint.label, labelStyle)
            x += 2
        }
    }
}
