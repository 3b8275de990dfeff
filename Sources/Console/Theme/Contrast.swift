import Foundation
import TUI

/// WCAG 2 contrast between colours as xterm shows them: palette indices and ANSI names go
/// through xterm's table (`Color.rgbValue`: 16 system colours, the 6×6×6 cube, the grey ramp).
///
/// Contract: `luminance` is WCAG relative luminance, 0 (black) to 1 (white); `ratio` is
/// (lighter + 0.05) / (darker + 0.05), 1 to 21, the same either way round. `.default` has no
/// colour of its own, so both answer nil for it; `ratio(of:in:)` stands the theme's assumed
/// terminal colours in for it.
public enum Contrast {
    public static func luminance(_ color: Color) -> Double? {
        guard let rgb = color.rgbValue else { return nil }
        func linear(_ channel: UInt8) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(rgb.r) + 0.7152 * linear(rgb.g) + 0.0722 * linear(rgb.b)
    }

    public static func ratio(_ a: Color, _ b: Color) -> Double? {
        guard let la = luminance(a), let lb = luminance(b) else { return nil }
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    /// How `role` reads in `theme`: its foreground on its background, the theme's assumed
    /// terminal colours standing in where the role has none or says `default`. (Reverse video
    /// swaps the two, which leaves the ratio as it is.)
    public static func ratio(of role: ThemeRole, in theme: Theme) -> Double {
        let style = theme.style(role)
        let fg = style.foreground.flatMap { $0 == .default ? nil : $0 } ?? theme.assumedForeground
        let bg = style.background.flatMap { $0 == .default ? nil : $0 } ?? theme.assumedBackground
        return ratio(fg, bg) ?? 1
    }

    /// The text colour a terminal with `background` most likely has: light grey (#d0d0d0)
    /// when white text would stand out more than black, near-black (#1c1c1c) otherwise.
    public static func foreground(on background: Color) -> Color {
        let l = luminance(background) ?? 0
        return (1.05 / (l + 0.05)) > ((l + 0.05) / 0.05) ? .rgb(0xD0, 0xD0, 0xD0) : .rgb(0x1C, 0x1C, 0x1C)
    }
}
