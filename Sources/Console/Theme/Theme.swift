import Monitoring
import TUI

/// Styles for every `ThemeRole`, with a name and the terminal colours it is made for.
///
/// Contract: `style(_:)` answers for every role (a theme that leaves a role out inherits it
/// from `Theme.builtinDefault`); `withoutColor()` keeps only attributes, for `NO_COLOR` and
/// terminals without colour. `assumedBackground` and `assumedForeground` are never
/// `.default`: they stand for the terminal's own colours when contrast is judged.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var styles: [ThemeRole: Style]
    /// The terminal background the theme is made for (`background:` in a theme file): what a
    /// role without a background of its own is drawn on.
    public var assumedBackground: Color
    /// The terminal's own text colour the theme expects (`foreground:`): what a role without
    /// a foreground of its own is drawn in.
    public var assumedForeground: Color

    /// A theme for a terminal with `background`; `foreground` left out is light grey on a
    /// dark background and near-black on a light one (`Contrast.foreground(on:)`).
    public init(name: String, background: Color = Theme.darkBackground, foreground: Color? = nil, styles: [ThemeRole: Style]) {
        precondition(background != .default && foreground != .default, "a theme's assumed colours are real colours")
        self.name = name
        self.styles = styles
        assumedBackground = background
        assumedForeground = foreground ?? Contrast.foreground(on: background)
    }

    /// The dark terminal background themes are made for unless they say otherwise.
    public static let darkBackground = Color.rgb(0x1C, 0x1C, 0x1C)

    public func style(_ role: ThemeRole) -> Style {
        styles[role] ?? Theme.builtinDefault.styles[role] ?? .plain
    }

    public func status(_ s: CheckStatus) -> Style {
        switch s {
        case .ok: return style(.ok)
        case .warn: return style(.warn)
        case .fail: return style(.fail)
        case .unknown: return style(.unknown)
        }
    }

    /// The theme with colours removed; attributes stay so states remain distinct.
    public func withoutColor() -> Theme {
        Theme(name: name, background: assumedBackground, foreground: assumedForeground, styles: Dictionary(uniqueKeysWithValues: ThemeRole.allCases.map { role in
            let s = style(role)
            // A bar (header, selection, banner) keeps reading as a bar: its background becomes reverse video.
            return (role, Style(attributes: s.background.map { _ in s.attributes.union(.reverse) } ?? s.attributes))
        }))
    }

    /// The dark default, used when `themes/default.yaml` cannot be found. The file ships the
    /// same values (a test keeps them equal).
    public static let builtinDefault = Theme(name: "default", background: darkBackground, foreground: .rgb(0xD0, 0xD0, 0xD0), styles: [
        .text: Style(foreground: .default),
        .muted: Style(foreground: .indexed(245)),
        .title: Style(foreground: .indexed(117), attributes: .bold),
        .border: Style(foreground: .indexed(240)),
        .header: Style(foreground: .indexed(255), background: .indexed(236), attributes: .bold),
        .headerAccent: Style(foreground: .indexed(117), background: .indexed(236), attributes: .bold),
        .selection: Style(background: .indexed(238), attributes: .bold),
        .footer: Style(foreground: .indexed(250), background: .indexed(235)),
        .key: Style(foreground: .indexed(229), background: .indexed(235), attributes: .bold),
        .ok: Style(foreground: .indexed(77)),
        .warn: Style(foreground: .indexed(214), attributes: .bold),
        .fail: Style(foreground: .indexed(203), attributes: [.bold, .underline]),
        .unknown: Style(foreground: .indexed(247), attributes: .dim),
        .blocked: Style(foreground: .indexed(247), attributes: .dim),
        .bannerP0: Style(foreground: .indexed(231), background: .indexed(160), attributes: .bold),
        .bannerP1: Style(foreground: .indexed(16), background: .indexed(208), attributes: .bold),
        .bannerP2: Style(foreground: .indexed(16), background: .indexed(220)),
        .bannerP3: Style(foreground: .indexed(231), background: .indexed(25)),
        .bannerAcked: Style(foreground: .indexed(252), background: .indexed(237)),
        .sparkline: Style(foreground: .indexed(110)),
        .flash: Style(foreground: .indexed(16), background: .indexed(117)),
    ])
}
