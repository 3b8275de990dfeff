import Foundation

/// Where a store lives when nobody says: `$XDG_STATE_HOME/warroom/<slug>.sqlite`, else
/// `~/.local/state/warroom/<slug>.sqlite`, one file per environment.
///
/// Pure: the process environment and the home directory are inputs.
public enum StoreLocation {
    /// The store path. An explicit path (`--store PATH`, or the config's `store.path`; the
    /// caller picks which wins) is used as given, with a leading `~` expanded. Otherwise the
    /// default above, where `XDG_STATE_HOME` counts only when absolute (as the XDG spec says).
    public static func path(explicit: String?, environmentName: String, variables: [String: String], home: String) -> String {
        if let explicit, !explicit.isEmpty {
            return expandingTilde(explicit, home: home)
        }
        let base: String
        if let state = variables["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else {
            base = join(home.isEmpty ? "/" : home, ".local/state")
        }
        return join(join(base, "warroom"), slug(environmentName) + ".sqlite")
    }

    /// The same, for this process: its environment variables and home directory.
    public static func current(explicit: String?, environmentName: String) -> String {
        let variables = ProcessInfo.processInfo.environment
        let home = variables["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return path(explicit: explicit, environmentName: environmentName, variables: variables, home: home)
    }

    /// A file name made from an environment's name: lowercase, every character other than
    /// `a-z` and `0-9` turned into `-`, runs of `-` made one, none at either end; "default"
    /// when nothing is left. "Staging EU" → "staging-eu", "staging (simulated)" → "staging-simulated".
    public static func slug(_ environmentName: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789".unicodeScalars)
        let words = environmentName.lowercased().unicodeScalars.split { !allowed.contains($0) }
        let slug = words.map { String(String.UnicodeScalarView($0)) }.joined(separator: "-")
        return slug.isEmpty ? "default" : slug
    }

    /// `path` with a leading `~` or `~/` replaced by `home`; `~user` forms are left alone.
    public static func expandingTilde(_ path: String, home: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return join(home, String(path.dropFirst(2))) }
        return path
    }

    private static func join(_ base: String, _ component: String) -> String {
        base.hasSuffix("/") ? base + component : base + "/" + component
    }
}
