import Foundation

/// Files written for a test and removed with the returned folder.
public enum TempFiles {
    /// The folder every test folder of this test process is made in, removed when the process
    /// exits, pass or fail (and by `scripts/test`, should the process crash).
    public static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { TempFiles.removeRoot() }
        return url
    }()

    static func removeRoot() {
        Tmux.killAll()
        try? FileManager.default.removeItem(at: root)
    }

    /// The configuration folder the test process's commands use (`XDG_CONFIG_HOME`): the
    /// run's (scripts/test sets one), else one of this process, so that no test reads or
    /// makes the audit key of the account that runs the tests.
    public static let configHome: String = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
        ?? folder("warroom-config").path

    /// The state folder the test process's commands use (`XDG_STATE_HOME`), for the same
    /// reason: no test reads or writes the default store of the account running the tests.
    public static let stateHome: String = ProcessInfo.processInfo.environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
        ?? folder("warroom-state").path

    /// A fresh folder for a test, inside `root`.
    public static func folder(_ label: String = "warroom-test") -> URL {
        let url = root.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A store path in a fresh folder (the file does not exist yet).
    public static func storePath() -> String {
        folder("warroom-e2e").appendingPathComponent("history.sqlite").path
    }

    /// Writes `text` to `name` in a fresh folder and returns its path.
    public static func write(_ text: String, name: String = "warroom.yaml") -> String {
        let url = folder().appendingPathComponent(name)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
