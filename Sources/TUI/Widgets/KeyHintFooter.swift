/// A line of key hints (`q quit  r re-poll  ? help`). Hints that do not fit are dropped,
/// never cut in half: the ones marked `essential` (quit, help) last, the others from the end.
public struct KeyHintFooter: Widget {
    public struct Hint: Hashable, Sendable {
        public var key: String
        public var label: String
        /// Kept while any other hint can give way.
        public var essential: Bool
        public init(_ key: String, _ label: String, essential: Bool = false) {
            self.key = key
            self.label = label
            self.essential = essential
        }

        public var width: Int { TextWidth.of(key) + 1 + TextWidth.of(label) }
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
        var shown = hints
        func total() -> Int { shown.reduce(0) { $0 + $1.width + 2 } - 1 }
        while !shown.isEmpty && total() > area.width - 1 {
            if let i = shown.lastIndex(where: { !$0.essential }) { shown.remove(at: i) } else { shown.removeLast() }
        }
        var x = area.x + 1
        for hint in shown {
            if x + hint.width > area.right { break }
            x = buffer.set(x, area.y, hint.key, keyStyle)
            x = buffer.set(x, area.y, " " + hint.label, labelStyle)
            x += 2
        }
    }
}
