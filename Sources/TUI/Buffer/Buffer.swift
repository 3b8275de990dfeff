import SafeText

/// A frame of cells, rebuilt on every render and compared with the previous one by the
/// backend (`Buffer.changes(from:)`), so only what changed reaches the terminal.
///
/// Contract: every write is clipped to the buffer; text is passed through
/// `SafeText.sanitize` so no control or escape sequence can land in a cell; a wide
/// character that does not fit at the right edge is replaced by a space; overwriting half of a
/// wide character blanks the other half.
public struct Buffer: Hashable, Sendable {
    public private(set) var size: Size
    public internal(set) var cells: [Cell]

    public init(size: Size, fill: Cell = .blank) {
        self.size = size
        self.cells = Array(repeating: fill, count: size.width * size.height)
    }

    public var width: Int { size.width }
    public var height: Int { size.height }
    public var area: Rect { Rect(size) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < size.width && y < size.height }

    /// Lays `style` over every cell of `rect` (colours and attributes; symbols stay).
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.bottom {
            for x in r.x..<r.right {
                cells[y * size.width + x].style = cells[y * size.width + x].style.patched(by: style)
            }
        }
    }

    /// Fills `rect` with `symbol` in `style`, replacing what was there.
    public mutating func fill(_ rect: Rect, symbol: Character = " ", style: Style = .plain) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        let cell = Cell(symbol, style: style)
        for y in r.y..<r.bottom {
            for x in r.x..<r.right { cells[y * size.width + x] = cell }
        }
    }

    /// Writes `text` from (x, y), no further than `limit` cells wide (default: to the right
    /// edge). The style is laid over what is underneath. Returns the column after the text.
    @discardableResult
    public mutating func set(_ x: Int, _ y: Int, _ text: String, _ style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0 && y < size.height else { return x }
        let end = min(size.width, limit.map { x + max(0, $0) } ?? size.width)
        var cx = x
        let clean = SafeText.sanitize(text)
        if TextWidth.widthOfLoneScalars(clean) != nil {
            // Each scalar a character: no grapheme breaking.
            for scalar in clean.unicodeScalars {
                if !put(Character(scalar), width: TextWidth.of(scalar), style: style, at: &cx, y, end: end) { return end }
            }
            return cx
        }
        for ch in clean {
            if !put(ch, width: TextWidth.of(ch), style: style, at: &cx, y, end: end) { return end }
        }
        return cx
    }

    /// Puts `ch`, `width` cells wide, at `cx` and moves past it; false when it does not fit
    /// before `end` (a space then fills what is left).
    private mutating func put(_ ch: Character, width w: Int, style: Style, at cx: inout Int, _ y: Int, end: Int) -> Bool {
        if w == 0 { return true }
        if cx + w > end {
            if cx < end && cx >= 0 { put(Cell(" ", style: style), at: cx, y) }
            return false
        }
        if cx >= 0 {
            put(Cell(ch, style: style), at: cx, y)
            if w == 2 { put(Cell(" ", style: style, isContinuation: true), at: cx + 1, y) }
        }
        cx += w
        return true
    }

    /// Writes a line of spans from (x, y), clipped to `limit` cells. Returns the column after.
    @discardableResult
    public mutating func set(_ x: Int, _ y: Int, _ line: Line, limit: Int? = nil) -> Int {
        let end = limit.map { x + max(0, $0) } ?? size.width
        var cx = x
        for span in line.spans {
            guard cx < end else { break }
            cx = set(cx, y, span.text, span.style, limit: end - cx)
        }
        return cx
    }

    private mutating func put(_ cell: Cell, at x: Int, _ y: Int) {
        let i = y * size.width + x
        let old = cells[i]
        if old.isContinuation && x > 0 && !cell.isContinuation {
            cells[i - 1] = Cell(" ", style: cells[i - 1].style)
        }
        if !cell.isContinuation && x + 1 < size.width && cells[i + 1].isContinuation && TextWidth.of(old.symbol) == 2 {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
        cells[i] = Cell(cell.symbol, style: old.style.patched(by: cell.style), isContinuation: cell.isContinuation)
    }
}
