/// Lines of styled text, clipped to the area; optionally wrapped at word boundaries.
public struct Paragraph: Widget {
    public var lines: [Line]
    public var wrap: Bool

    public init(_ lines: [Line], wrap: Bool = false) {
        self.lines = lines
        self.wrap = wrap
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        var y = area.y
        for line in lines {
            guard y < area.bottom else { return }
            if wrap && line.width > area.width {
                let style = line.spans.first?.style ?? .plain
                for part in TextWidth.wrap(line.plainText, width: area.width) {
                    guard y < area.bottom else { return }
                    buffer.set(area.x, y, part, style, limit: area.width)
                    y += 1
                }
            } else {
                buffer.set(area.x, y, line, limit: area.width)
                y += 1
            }
        }
    }
}
