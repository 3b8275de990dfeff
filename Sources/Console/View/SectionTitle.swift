import TUI

/// A one-line section heading drawn as a rule: `── Services ─────── 3 of 3 ──`.
struct SectionTitle {
    let title: String
    let right: String
    let theme: Theme
    let glyphs: GlyphSet

    init(_ title: String, right: String = "", theme: Theme, glyphs: GlyphSet) {
        self.title = title
        self.right = right
        self.theme = theme
        self.glyphs = glyphs
    }

    func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let rule = theme.style(.border)
        buffer.set(area.x, area.y, String(repeating: glyphs.horizontal, count: area.width), rule)
        var x = buffer.set(area.x + 1, area.y, " ", rule)
        x = buffer.set(x, area.y, title, theme.style(.title), limit: area.width - 3)
        buffer.set(x, area.y, " ", rule)
        if !right.isEmpty {
            let w = TextWidth.of(right) + 2
            if x + w + 3 < area.right {
                buffer.set(area.right - w - 1, area.y, " " + right + " ", theme.style(.muted))
            }
        }
    }
}
