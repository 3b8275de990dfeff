/// A one-line chart of recent values, newest on the right. Missing values (nil) draw as a
/// blank; the tallest glyph stands for `maximum` (default: the largest value shown).
public struct Sparkline: Widget {
    public var values: [Double?]
    public var maximum: Double?
    public var style: Style
    public var glyphs: GlyphSet

    public init(values: [Double?], maximum: Double? = nil, style: Style = .plain, glyphs: GlyphSet) {
        self.values = values
        self.maximum = maximum
        self.style = style
        self.glyphs = glyphs
    }

    /// The glyphs for the last `width` values, as a string.
    public func text(width: Int) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width)
        let top = maximum ?? shown.compactMap { $0 }.max() ?? 0
        let levels = glyphs.sparks.count
        var out = ""
        for v in shown {
            guard let v, v.isFinite else { out += " "; continue }
            if top <= 0 { out += glyphs.sparks[0]; continue }
            let level = Int((min(max(v, 0), top) / top) * Double(levels - 1) + 0.5)
            out += glyphs.sparks[min(levels - 1, max(0, level))]
        }
        return out
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let t = text(width: area.width)
        buffer.set(area.right - TextWidth.of(t), area.y, t, style, limit: area.width)
    }
}
