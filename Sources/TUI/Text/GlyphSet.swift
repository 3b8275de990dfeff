/// The characters used for borders, bars, sparklines and markers. `unicode` needs a UTF-8
/// locale; `ascii` is pure 7-bit and is chosen when the locale cannot show anything else.
public struct GlyphSet: Hashable, Sendable {
    public var horizontal: String
    public var vertical: String
    public var topLeft: String
    public var topRight: String
    public var bottomLeft: String
    public var bottomRight: String
    /// Sparkline levels, lowest first.
    public var sparks: [String]
    public var barFull: String
    public var barEmpty: String
    public var arrow: String
    public var ellipsis: String
    public var bullet: String
    public var selector: String
    public var isASCII: Bool

    public static let unicode = GlyphSet(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        sparks: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], barFull: "█", barEmpty: "░",
        arrow: "→", ellipsis: "…", bullet: "•", selector: "▶", isASCII: false
    )

    public static let ascii = GlyphSet(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        sparks: ["_", ".", "-", "~", "=", "+", "*", "#"], barFull: "#", barEmpty: ".",
        arrow: "->", ellipsis: "~", bullet: "*", selector: ">", isASCII: true
    )
}
