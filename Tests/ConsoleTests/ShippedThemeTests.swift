import Foundation
import Monitoring
import Testing
import TUI
@testable import Console

/// Every file in `themes/`: it parses, reads well, keeps states apart without colour, and maps
/// down to every colour depth.
@Suite struct ShippedThemeTests {
    static let folder = ThemeTests.repoRoot.appendingPathComponent("themes")
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    /// Roles that carry text: at least 4.5:1, WCAG AA for body text.
    static let mainRoles: [ThemeRole] = [
        .text, .muted, .title, .header, .headerAccent, .selection, .footer, .key, .ok, .warn, .fail, .flash,
        .bannerP0, .bannerP1, .bannerP2, .bannerP3, .bannerAcked,
    ]
    /// Placeholders (`unknown`, `blocked`) and the sparkline graphic: at least 3:1, WCAG's
    /// minimum for large text and graphics. Borders are decoration and are not judged.
    static let secondaryRoles: [ThemeRole] = [.unknown, .blocked, .sparkline]

    static func theme(_ file: String) throws -> Theme {
        try ThemeLoader.load(folder.appendingPathComponent(file).path, environment: [:])
    }

    @Test func shipsTheNamedThemes() {
        let names = Set(ShippedThemeTests.files.map { String($0.dropLast(".yaml".count)) })
        #expect(names.isSuperset(of: ["default", "light", "high-contrast", "mono", "solarized-dark", "colorblind"]), "\(names)")
    }

    @Test(arguments: files) func parsesWithItsFileName(_ file: String) throws {
        let path = ShippedThemeTests.folder.appendingPathComponent(file).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let theme = try ThemeLoader.parse(text, file: path, base: Theme(name: "empty", styles: [:]))
        #expect(theme.name + ".yaml" == file)
        for role in ThemeRole.allCases { #expect(theme.styles[role] != nil, "\(file) leaves out \(role.rawValue)") }
    }

    @Test(arguments: files.filter { $0 != "mono.yaml" }) func rolesKeepContrast(_ file: String) throws {
        let theme = try ShippedThemeTests.theme(file)
        for role in ShippedThemeTests.mainRoles {
            let ratio = Contrast.ratio(of: role, in: theme)
            #expect(ratio >= 4.5, "\(file) \(role.rawValue): \(ratio)")
        }
        for role in ShippedThemeTests.secondaryRoles {
            let ratio = Contrast.ratio(of: role, in: theme)
            #expect(ratio >= 3, "\(file) \(role.rawValue): \(ratio)")
        }
    }

    @Test(arguments: files) func okWarnFailDifferWithoutColour(_ file: String) throws {
        let plain = try ShippedThemeTests.theme(file).withoutColor()
        let styles = [plain.style(.ok), plain.style(.warn), plain.style(.fail)]
        #expect(Set(styles.map(\.attributes)).count == 3, "\(file): \(styles)")
    }

    @Test(arguments: [GlyphSet.unicode, .ascii]) func statusGlyphsDiffer(_ glyphs: GlyphSet) {
        let shown = [CheckStatus.ok, .warn, .fail].map { Formatting.glyph($0, glyphs) }
        #expect(Set(shown).count == 3, "\(shown)")
    }

    @Test func monoHasNoColourAtAll() throws {
        let path = ShippedThemeTests.folder.appendingPathComponent("mono.yaml").path
        let theme = try ThemeLoader.parse(String(contentsOfFile: path, encoding: .utf8), file: path, base: Theme(name: "empty", styles: [:]))
        for role in ThemeRole.allCases {
            #expect(theme.styles[role]?.foreground == nil && theme.styles[role]?.background == nil, "\(role.rawValue)")
        }
        #expect(theme.withoutColor().styles == theme.styles)
    }

    @Test(arguments: files) func mapsDownToEveryDepth(_ file: String) throws {
        let theme = try ShippedThemeTests.theme(file)
        let colours = ThemeRole.allCases.flatMap { [theme.style($0).foreground, theme.style($0).background] }.compactMap { $0 }
        for colour in colours {
            #expect(colour.approximated(for: .none) == nil)
            for depth in [ColorDepth.palette256, .sixteen, .eight] {
                let mapped = colour.approximated(for: depth)
                #expect(mapped.map { ShippedThemeTests.shows(depth, $0) } == true, "\(file): \(colour) at \(depth) is \(String(describing: mapped))")
            }
        }
    }

    /// True when a terminal with `depth` colours can show `colour` as it is.
    static func shows(_ depth: ColorDepth, _ colour: Color) -> Bool {
        switch (depth, colour) {
        case (_, .default), (.palette256, .indexed), (.palette256, .ansi): return true
        case (.sixteen, .ansi(let i)): return i < 16
        case (.eight, .ansi(let i)): return i < 8
        default: return false
        }
    }
}
