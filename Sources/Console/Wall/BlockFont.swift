/// Large characters five rows high, for reading a duration across a room: `2h13m`.
///
/// Contract: every character it knows is 3 cells wide (1 for `:` and space), drawn with
/// `glyph` (a full block, or `#` in ASCII); characters it does not know are blank.
enum BlockFont {
    static let height = 5

    static let shapes: [Character: [String]] = [
        "0": ["###", "# #", "# #", "# #", "###"],
        "1": [" # ", "## ", " # ", " # ", "###"],
        "2": ["###", "  #", "###", "#  ", "###"],
        "3": ["###", "  #", " ##", "  #", "###"],
        "4": ["# #", "# #", "###", "  #", "  #"],
        "5": ["###", "#  ", "###", "  #", "###"],
        "6": ["###", "#  ", "###", "# #", "###"],
        "7": ["###", "  #", " # ", " # ", " # "],
        "8": ["###", "# #", "###", "# #", "###"],
        "9": ["###", "# #", "###", "  #", "###"],
        "d": ["  #", "  #", "###", "# #", "###"],
        "h": ["#  ", "#  ", "###", "# #", "# #"],
        "m": ["   ", "   ", "###", "###", "# #"],
        "s": ["   ", " ##", "## ", " ##", "## "],
        "O": ["###", "# #", "# #", "# #", "###"],
        "K": ["# #", "## ", "#  ", "## ", "# #"],
        ":": [" ", "#", " ", "#", " "],
        " ": [" ", " ", " ", " ", " "],
    ]

    /// The text's rows, one gap column between characters.
    static func rows(_ text: String, glyph: Character) -> [String] {
        (0..<height).map { row in
            text.map { c in
                let shape = shapes[c] ?? ["   ", "   ", "   ", "   ", "   "]
                return String(shape[row].map { $0 == "#" ? glyph : " " })
            }.joined(separator: " ")
        }
    }

    /// Columns the text takes.
    static func width(_ text: String) -> Int {
        text.reduce(0) { $0 + (shapes[$1]?.first?.count ?? 3) } + max(0, text.count - 1)
    }
}
