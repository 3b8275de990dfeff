import Foundation
import Monitoring
import Testing
import TestSupport
import TUI
@testable import Console

@Suite struct ThemeTests {
    static var repoRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    @Test func shippedDefaultMatchesTheBuiltInFallback() throws {
        let path = ThemeTests.repoRoot.appendingPathComponent("themes/default.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let theme = try ThemeLoader.parse(text, file: path, base: Theme(name: "empty", styles: [:]))
        for role in ThemeRole.allCases {
            #expect(theme.styles[role] == Theme.builtinDefault.styles[role], "role \(role.rawValue)")
        }
        #expect(theme.assumedBackground == Theme.builtinDefault.assumedBackground)
        #expect(theme.assumedForeground == Theme.builtinDefault.assumedForeground)
    }

    @Test func backgroundAndForegroundSayWhatTheThemeIsMadeFor() throws {
        let light = try ThemeLoader.parse("background: \"#ffffff\"\n", file: "light.yaml")
        #expect(light.assumedBackground == .rgb(255, 255, 255))
        #expect(light.assumedForeground == .rgb(0x1C, 0x1C, 0x1C))
        let both = try ThemeLoader.parse("background: 230\nforeground: black\n", file: "paper.yaml")
        #expect(both.assumedBackground == .indexed(230) && both.assumedForeground == .black)
        let neither = try ThemeLoader.parse("roles:\n  ok: { fg: green }\n", file: "tiny.yaml")
        #expect(neither.assumedBackground == Theme.builtinDefault.assumedBackground)
        #expect(neither.assumedForeground == Theme.builtinDefault.assumedForeground)
    }

    @Test func missingRolesInheritFromDefault() throws {
        let t = try ThemeLoader.parse("name: tiny\nroles:\n  ok: { fg: \"#00ff00\" }\n", file: "tiny.yaml")
        #expect(t.style(.ok) == Style(foreground: .rgb(0, 255, 0)))
        #expect(t.style(.fail) == Theme.builtinDefault.style(.fail))
    }

    @Test(arguments: [
        ("roles:\n  okay: { fg: red }\n", 2, "unknown role 'okay'"),
        ("roles:\n  ok: { fg: reddish }\n", 2, "'reddish' is not a colour"),
        ("roles:\n  ok: { fg: red, attrs: [shiny] }\n", 2, "unknown attribute 'shiny'"),
        ("roles:\n  ok: { colour: red }\n", 2, "unknown key 'colour'"),
        ("colours:\n  ok: red\n", 1, "unknown key 'colours'"),
        ("background: \"#12345\"\n", 1, "'#12345' is not a colour"),
        ("name: x\nforeground: default\n", 2, "the terminal's own colour must be named"),
    ])
    func badThemesNameLineAndProblem(_ text: String, _ line: Int, _ message: String) {
        do {
            _ = try ThemeLoader.parse(text, file: "bad.yaml")
            Issue.record("expected an error")
        } catch let e as ConfigErrors {
            #expect(e.errors.first?.line == line, "\(e)")
            #expect(e.description.contains(message), "\(e)")
        } catch { Issue.record("\(error)") }
    }

    @Test func unknownThemeNameIsAnError() {
        #expect(throws: ConfigErrors.self) { try ThemeLoader.load("no-such-theme-anywhere") }
    }

    @Test func withoutColorKeepsAttributesOnly() {
        let mono = Theme.builtinDefault.withoutColor()
        #expect(mono.style(.fail) == Style(attributes: [.bold, .underline]))
        #expect(mono.style(.header) == Style(attributes: [.bold, .reverse]))
        #expect(ThemeRole.allCases.allSatisfy { mono.style($0).foreground == nil && mono.style($0).background == nil })
    }

    @Test func contrastFollowsWCAG() throws {
        #expect(abs(try #require(Contrast.ratio(.rgb(0, 0, 0), .rgb(255, 255, 255))) - 21) < 1e-9)
        #expect(Contrast.ratio(.indexed(16), .indexed(231)) == Contrast.ratio(.rgb(0, 0, 0), .rgb(255, 255, 255)))
        #expect(Contrast.ratio(.red, .red) == 1)
        // WCAG's own example: #767676 is the lightest grey that passes 4.5:1 on white.
        let grey = try #require(Contrast.ratio(.rgb(0x76, 0x76, 0x76), .brightWhite))
        #expect(abs(grey - 4.54) < 0.01)
        #expect(Contrast.ratio(.rgb(0x77, 0x77, 0x77), .brightWhite)! < 4.5)
        // Palette indices and names go through xterm's table: 244 is #808080, white is #e5e5e5.
        #expect(Contrast.luminance(.indexed(244)) == Contrast.luminance(.rgb(128, 128, 128)))
        #expect(Contrast.luminance(.white) == Contrast.luminance(.rgb(229, 229, 229)))
        #expect(Contrast.luminance(.default) == nil)
    }

    @Test func roleContrastStandsTheTerminalsColoursInForMissingOnes() {
        let theme = Theme(name: "t", background: .rgb(255, 255, 255), foreground: .rgb(0, 0, 0), styles: [
            .text: Style(foreground: .default),
            .ok: Style(foreground: .indexed(231)),
            .flash: Style(background: .rgb(0, 0, 0)),
        ])
        #expect(abs(Contrast.ratio(of: .text, in: theme) - 21) < 1e-9)
        #expect(Contrast.ratio(of: .ok, in: theme) == 1)
        #expect(Contrast.ratio(of: .flash, in: theme) == 1)
    }

    @Test func aUserThemeInTheXDGConfigFolderIsFoundByName() throws {
        let home = TempFiles.folder("warroom-themes")
        defer { try? FileManager.default.removeItem(at: home) }
        let folder = home.appendingPathComponent("warroom/themes")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "name: night-shift\nroles:\n  ok: { fg: \"#00ff00\" }\n".write(to: folder.appendingPathComponent("night-shift.yaml"), atomically: true, encoding: .utf8)
        let environment = ["XDG_CONFIG_HOME": home.path]

        #expect(ThemeLoader.searchPaths(environment: environment).contains(folder.path))
        let theme = try ThemeLoader.load("night-shift", environment: environment)
        #expect(theme.name == "night-shift" && theme.style(.ok) == Style(foreground: .rgb(0, 255, 0)))
        let names = ThemeLoader.availableThemes(environment: environment)
        #expect(names.first == "default" && names.contains("night-shift"))
        #expect(Array(names.dropFirst()) == names.dropFirst().sorted())
        #expect(Set(names).count == names.count)
    }

    @Test func themeChoiceGoesOptionThenEnvironmentThenConfig() throws {
        let services = "services:\n  - id: a\n    check: { type: tcp, host: h, port: 1 }\n"
        let byPath = try WarroomConfig.parse("environment: e\ntheme: themes/night.yaml\n" + services, file: "/srv/warroom/staging.yaml", environment: [:])
        let byName = try WarroomConfig.parse("environment: e\ntheme: light\n" + services, file: "staging.yaml", environment: [:])
        let none = try WarroomConfig.parse("environment: e\n" + services, file: "staging.yaml", environment: [:])

        #expect(ThemeLoader.choice(option: "mono", config: byPath, environment: ["WARROOM_THEME": "light"]) == "mono")
        #expect(ThemeLoader.choice(option: nil, config: byPath, environment: ["WARROOM_THEME": "light"]) == "light")
        #expect(ThemeLoader.choice(option: nil, config: byPath, environment: ["WARROOM_THEME": ""]) == "/srv/warroom/themes/night.yaml")
        #expect(ThemeLoader.choice(option: nil, config: byName, environment: [:]) == "light")
        #expect(ThemeLoader.choice(option: nil, config: none, environment: [:]) == "default")
        #expect(ThemeLoader.choice(option: nil, config: nil, environment: [:]) == "default")
        #expect(throws: ConfigErrors.self) {
            try WarroomConfig.parse("environment: e\ntheme: \"\"\n" + services, file: "staging.yaml", environment: [:])
        }
    }
}
