import Foundation

/// Files written for a test and removed with the returned folder.
public enum TempFiles {
    /// A fresh folder under the system temp directory.
    public static func folder(_ label: String = "warroom-test") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
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
