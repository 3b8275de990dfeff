extension Buffer {
    /// Common typographic characters and their ASCII stand-ins.
    static let asciiStandIns: [Character: Character] = [
        "·": ".", "—": "-", "–": "-", "…": "~", "→": ">", "←": "<", "↑": "^", "↓": "v",
        "✔": "+", "✖": "x", "▲": "!", "⊘": "-", "•": "*", "▶": ">", "⏎": "<", "×": "x",
        "−": "-", "“": "\"", "”": "\"", "‘": "'", "’": "'", "│": "|", "─": "-", "█": "#", "░": ".",
    ]

    /// Replaces every non-ASCII cell: known symbols by a look-alike, the rest by `?`. For
    /// terminals whose locale cannot show anything but 7-bit text.
    public mutating func makeASCII() {
        for i in cells.indices {
            let c = cells[i]
            if c.isContinuation {
                cells[i] = Cell(" ", style: c.style)
                continue
            }
            if c.symbol.isASCII { continue }
            cells[i].symbol = Buffer.asciiStandIns[c.symbol] ?? "?"
        }
    }
}
