/// Text attributes a terminal can show without colour.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let italic = Attributes(rawValue: 1 << 2)
    public static let underline = Attributes(rawValue: 1 << 3)
    public static let reverse = Attributes(rawValue: 1 << 4)
    public static let blink = Attributes(rawValue: 1 << 5)

    /// Names accepted in theme files.
    public static let byName: [String: Attributes] = [
        "bold": .bold, "dim": .dim, "italic": .italic, "underline": .underline,
        "reverse": .reverse, "blink": .blink,
    ]
}

/// How a cell looks. A nil colour means "keep what is underneath" when one style is laid
/// over another (`patched(by:)`), and the terminal's default once it reaches a cell.
public struct Style: Hashable, Sendable {
    public var foreground: Color?
    public var background: Color?
    public var attributes: Attributes

    public init(foreground: Color? = nil, background: Color? = nil, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()

    public static func fg(_ c: Color) -> Style { Style(foreground: c) }

    /// This style with `top` laid over it: top's colours win where set; attributes add up.
    public func patched(by top: Style) -> Style {
        Style(
            foreground: top.foreground ?? foreground,
            background: top.background ?? background,
            attributes: attributes.union(top.attributes)
        )
    }

    public func adding(_ a: Attributes) -> Style {
        var s = self
        s.attributes.formUnion(a)
        return s
    }
}
