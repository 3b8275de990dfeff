/// A box with an optional title, drawn with the glyph set's border characters.
public struct Block: Widget {
    public var title: Line?
    public var borderStyle: Style
    public var glyphs: GlyphSet

    public init(title: Line? = nil, borderStyle: Style = .plain, glyphs: GlyphSet) {
        self.title = title
        self.borderStyle = borderStyle
        self.glyphs = glyphs
    }

    /// The area inside the border.
    public func inner(_ area: Rect) -> Rect { area.inset(by: 1) }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard area.width >= 2 && area.height >= 2 else { return }
        let h = String(repeating: glyphs.horizontal, count: area.width - 2)
        buffer.set(area.x, area.y, glyphs.topLeft + h + glyphs.topRight, borderStyle)
        buffer.set(area.x, area.bottom - 1, glyphs.bottomLeft + h + glyphs.bottomRight, borderStyle)
        for y in (area.y + 1)..<(area.bottom - 1) {
            buffer.set(area.x, y, glyphs.vertical, borderStyle)
            buffer.set(area.right - 1, y, glyphs.vertical, borderStyle)
        }
        if let title, area.width > 4 {
            var x = buffer.set(area.x + 1, area.y, " ", borderStyle)
            x = buffer.set(x, area.y, title, limit: area.width - 4)
            buffer.set(x, area.y, " ", borderStyle)
        }
    }
}
