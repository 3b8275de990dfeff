/// A horizontal bar filled to `ratio` (clamped to 0…1), with an optional label after it.
public struct Gauge: Widget {
    public var ratio: Double
    public var filledStyle: Style
    public var emptyStyle: Style
    public var glyphs: GlyphSet

    public init(ratio: Double, filledStyle: Style, emptyStyle: Style = .plain, glyphs: GlyphSet) {
        self.ratio = ratio
        self.filledStyle = filledStyle
        self.emptyStyle = emptyStyle
        self.glyphs = glyphs
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let r = ratio.isFinite ? min(1, max(0, ratio)) : 0
        let filled = Int((Double(area.width) * r).rounded())
        buffer.set(area.x, area.y, String(repeating: glyphs.barFull, count: filled), filledStyle, limit: area.width)
        buffer.set(area.x + filled, area.y, String(repeating: glyphs.barEmpty, count: area.width - filled), emptyStyle, limit: area.width - filled)
    }
}
