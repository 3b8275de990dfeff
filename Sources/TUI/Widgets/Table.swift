/// Rows under a header, in columns sized by constraints, with one row optionally selected.
///
/// Contract: the selected row is always visible (the table scrolls as little as it can);
/// cell text is clipped to its column with the glyph set's ellipsis; the selection style is
/// laid over the whole row.
public struct Table: Widget {
    public struct Column: Hashable, Sendable {
        public var title: String
        public var width: Constraint
        public var alignment: Alignment
        public init(_ title: String, _ width: Constraint, _ alignment: Alignment = .left) {
            self.title = title
            self.width = width
            self.alignment = alignment
        }
    }

    public struct Row: Hashable, Sendable {
        public var cells: [Line]
        public var style: Style
        public init(_ cells: [Line], style: Style = .plain) {
            self.cells = cells
            self.style = style
        }
    }

    public var columns: [Column]
    public var rows: [Row]
    public var selected: Int?
    public var headerStyle: Style
    public var selectionStyle: Style
    public var glyphs: GlyphSet

    public init(columns: [Column], rows: [Row], selected: Int? = nil, headerStyle: Style, selectionStyle: Style, glyphs: GlyphSet) {
        self.columns = columns
        self.rows = rows
        self.selected = selected
        self.headerStyle = headerStyle
        self.selectionStyle = selectionStyle
        self.glyphs = glyphs
    }

    /// The index of the first row shown when `visible` rows fit.
    public func firstVisibleRow(visible: Int) -> Int {
        guard let selected, visible > 0, selected >= visible else { return 0 }
        return min(selected - visible + 1, max(0, rows.count - visible))
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let widths = Layout.columns(area, columns.map(\.width), spacing: 1)
        buffer.fill(area.row(0), style: headerStyle)
        for (i, column) in columns.enumerated() {
            let r = widths[i]
            guard r.width > 0 else { continue }
            let t = TextWidth.pad(column.title, to: r.width, alignment: column.alignment, ellipsis: glyphs.ellipsis)
            buffer.set(r.x, area.y, t, headerStyle, limit: r.width)
        }
        let visible = area.height - 1
        guard visible > 0 else { return }
        let first = firstVisibleRow(visible: visible)
        for (offset, rowIndex) in (first..<min(rows.count, first + visible)).enumerated() {
            let y = area.y + 1 + offset
            let row = rows[rowIndex]
            buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: row.style)
            for (i, cell) in row.cells.enumerated() where i < widths.count {
                let r = widths[i]
                guard r.width > 0 else { continue }
                let fitted = Table.fit(cell, width: r.width, alignment: columns[i].alignment, ellipsis: glyphs.ellipsis)
                buffer.set(r.x, y, fitted, limit: r.width)
            }
            if rowIndex == selected {
                buffer.setStyle(selectionStyle, in: Rect(x: area.x, y: y, width: area.width, height: 1))
            }
        }
    }

    /// `line` cut or padded to `width`; a cut line ends in `ellipsis`.
    static func fit(_ line: Line, width: Int, alignment: Alignment, ellipsis: String) -> Line {
        let w = line.width
        if w > width {
            var out: [Span] = []
            var used = 0
            let room = width - TextWidth.of(ellipsis)
            for span in line.spans {
                let sw = span.width
                if used + sw <= room {
                    out.append(span)
                    used += sw
                } else {
                    let part = TextWidth.truncate(span.text, to: room - used + TextWidth.of(ellipsis), ellipsis: ellipsis)
                    out.append(Span(part, span.style))
                    return Line(out)
                }
            }
            return Line(out)
        }
        let gap = width - w
        switch alignment {
        case .left: return line
        case .right: return Line([Span(String(repeating: " ", count: gap))] + line.spans)
        case .center: return Line([Span(String(repeating: " ", count: gap / 2))] + line.spans)
        }
    }
}
