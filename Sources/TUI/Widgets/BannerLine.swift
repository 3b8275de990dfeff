/// A full-width line in one style with text on the left and, if room remains, on the right.
/// The background fills the whole row so the banner reads as a bar.
public struct BannerLine: Widget {
    public var left: Line
    public var right: Line
    public var style: Style

    public init(left: Line, right: Line = Line([]), style: Style) {
        self.left = left
        self.right = right
        self.style = style
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        buffer.fill(area.row(0), style: style)
        let rw = right.width
        let leftRoom = rw > 0 && rw + 2 < area.width / 2 ? area.width - rw - 2 : area.width - 2
        buffer.set(area.x + 1, area.y, left, limit: max(0, leftRoom))
        if rw > 0 && rw + 2 < area.width / 2 {
            buffer.set(area.right - rw - 1, area.y, right, limit: rw)
        }
    }
}
