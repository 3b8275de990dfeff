import Foundation
import Monitoring
import TUI

/// Finds and reads theme files (`themes/NAME.yaml`).
///
/// A theme file names roles with `fg`, `bg` (hex `#rrggbb`, a colour name, a palette index
/// or `default`) and `attrs` (bold, dim, italic, underline, reverse, blink), and may say the
/// terminal colours it is made for (`background:`, `foreground:`; not `default`). Unknown
/// roles, bad colours and unknown keys are errors naming file, line and key.
public enum ThemeLoader {
    /// Parses theme text; roles it leaves out come from `base`, and so do `background` and
    /// `foreground` (a file that sets only `background` gets a foreground to suit it).
    public static func parse(_ text: String, file: String, base: Theme = .builtinDefault) throws -> Theme {
        try ConfigReader.read(text, file: file) { root in
            _ = try root.requireMapping("a theme with name and roles")
            let name = try root.string("name") ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            _ = try root.string("description")
            let background = try root.child("background").map(terminalColor)
            let foreground = try root.child("foreground").map(terminalColor)
            var styles = base.styles
            if let roles = try root.child("roles") {
                for (key, value) in try roles.entries() {
                    guard let role = ThemeRole(rawValue: key) else {
                        value.record(value.error("unknown role '\(key)'; roles are: \(ThemeRole.allCases.map(\.rawValue).joined(separator: ", "))"))
                        continue
                    }
                    if let style = try value.recovering({ try style(value) }) { styles[role] = style }
                }
            }
            try root.finish()
            return Theme(name: name, background: background ?? base.assumedBackground,
                         foreground: foreground ?? (background == nil ? base.assumedForeground : nil), styles: styles)
        }
    }

    static func style(_ r: ConfigReader) throws -> Style {
        _ = try r.requireMapping("a style such as {fg: \"#5fd75f\", attrs: [bold]}")
        var style = Style()
        if let fg = try r.child("fg") { style.foreground = try color(fg) }
        if let bg = try r.child("bg") { style.background = try color(bg) }
        if let attrs = try r.child("attrs") {
            let names: [String]
            if attrs.node.sequence != nil {
                names = try attrs.list().map { try $0.string() }
            } else {
                names = try attrs.string().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            }
            for n in names {
                guard let a = Attributes.byName[n.lowercased()] else {
                    throw attrs.error("unknown attribute '\(n)'; use \(Attributes.byName.keys.sorted().joined(separator: ", "))")
                }
                style.attributes.insert(a)
            }
        }
        try r.finish()
        return style
    }

    static func color(_ r: ConfigReader) throws -> Color {
        let text = try r.string()
        guard let c = Color(parsing: text) else {
            throw r.error("'\(text)' is not a colour: use #rrggbb, a name such as red or bright-blue, a palette index 0-255, or default")
        }
        return c
    }

    /// A colour for `background:` or `foreground:`, which describe the terminal: `default`
    /// would say nothing.
    static func terminalColor(_ r: ConfigReader) throws -> Color {
        let c = try color(r)
        if c == .default { throw r.error("the terminal's own colour must be named here: use #rrggbb, a colour name or a palette index") }
        return c
    }

    /// Folders searched for `NAME.yaml`, in order: `./themes`, the XDG config folder's
    /// `warroom/themes`, and `themes` beside or above the executable (a source checkout).
    public static func searchPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var paths = [FileManager.default.currentDirectoryPath + "/themes"]
        let configHome = environment["XDG_CONFIG_HOME"] ?? environment["HOME"].map { $0 + "/.config" }
        if let configHome { paths.append(configHome + "/warroom/themes") }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            paths.append(dir.appendingPathComponent("themes").path)
            dir.deleteLastPathComponent()
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    /// Theme names `load(_:)` finds on the search path (`NAME.yaml`), sorted, `default` first
    /// (it is always there: the built-in one stands in for a missing file).
    public static func availableThemes(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var names: Set<String> = ["default"]
        for folder in searchPaths(environment: environment) {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasSuffix(".yaml") && !file.hasPrefix(".") {
                names.insert(String(file.dropLast(".yaml".count)))
            }
        }
        return ["default"] + names.subtracting(["default"]).sorted()
    }

    /// The theme to load: `option` (`--theme`), else `WARROOM_THEME`, else the config's
    /// `theme:` (a path in it is taken from the config file's folder), else `default`. An
    /// empty `WARROOM_THEME` counts as unset.
    public static func choice(option: String?, config: WarroomConfig?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option { return option }
        if let fromEnvironment = environment["WARROOM_THEME"], !fromEnvironment.isEmpty { return fromEnvironment }
        if let config, let theme = config.theme {
            return isPath(theme) ? PathText.join(PathText.folder(of: config.source), theme) : theme
        }
        return "default"
    }

    /// True when `nameOrPath` names a file rather than a theme on the search path.
    static func isPath(_ nameOrPath: String) -> Bool {
        nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
    }

    /// Loads a theme by name or path. A name that no folder has falls back to the built-in
    /// default when it is `default`; anything else is an error.
    public static func load(_ nameOrPath: String = "default", environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Theme {
        let looksLikePath = isPath(nameOrPath)
        let candidates = looksLikePath ? [nameOrPath] : searchPaths(environment: environment).map { "\($0)/\(nameOrPath).yaml" }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ConfigErrors([ConfigError(file: path, line: nil, key: "", message: "cannot read the theme file")])
            }
            return try parse(text, file: path)
        }
        if nameOrPath == "default" { return .builtinDefault }
        throw ConfigErrors([ConfigError(file: nameOrPath, line: nil, key: "", message: "no such theme; looked in \(looksLikePath ? nameOrPath : searchPaths(environment: environment).joined(separator: ", "))")])
    }
}
