import TUI

/// A one-line section heading drawn as a rule: `── Services ─────── 3 of 3 ──`. When space is
/// short the title gives way before the right-hand text, which usually carries the numbers.
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
        var rightText = right.isEmpty ? "" : " " + right + " "
        if TextWidth.of(rightText) > area.width / 2 + 8 {
            rightText = TextWidth.truncate(rightText, to: area.width / 2 + 8, ellipsis: glyphs.ellipsis)
        }
        let rightWidth = TextWidth.of(rightText)
        let titleRoom = area.width - 4 - rightWidth - (rightWidth > 0 ? 1 : 0)
        if titleRoom >= 4 {
            var x = buffer.set(area.x + 1, area.y, " ", rule)
            x = buffer.set(x, area.y, TextWidth.truncate(title, to: titleRoom, ellipsis: glyphs.ellipsis), theme.style(.title))
            buffer.set(x, area.y, " ", rule)
        }
        if rightWidth > 0 && rightWidth + 2 <= area.width {
            buffer.set(area.right - rightWidth - 1, area.y, rightText, theme.style(.muted))
        }
    }
}
