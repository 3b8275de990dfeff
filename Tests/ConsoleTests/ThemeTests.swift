import Foundation
import Monitoring
import Testing
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
        #expect(mono.style(.fail) == Style(attributes: .bold))
        #expect(ThemeRole.allCases.allSatisfy { mono.style($0).foreground == nil && mono.style($0).background == nil })
    }
}
