extension Buffer {
    /// The frame as plain text, one string per row, trailing spaces removed; wide characters
    /// appear once. This is what snapshot tests compare.
    public var lines: [String] {
        (0..<size.height).map { y in
            var s = ""
            for x in 0..<size.width {
                let c = self[x, y]
                if !c.isContinuation { s.append(c.symbol) }
            }
            while s.last == " " { s.removeLast() }
            return s
        }
    }

    /// `lines` joined with newlines.
    public var text: String { lines.joined(separator: "\n") }

    /// A buffer holding `lines` in the plain style, as wide as the widest line.
    public static func with(lines: [String]) -> Buffer {
        let width = lines.map { TextWidth.of($0) }.max() ?? 0
        var b = Buffer(size: Size(width: width, height: lines.count))
        for (y, l) in lines.enumerated() { b.set(0, y, l) }
        return b
    }
}
