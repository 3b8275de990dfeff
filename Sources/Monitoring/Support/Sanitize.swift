import SafeText

/// Sanitizing of text from outside, in the two shapes Monitoring stores it.
public enum Sanitize {
    /// One line, no control or escape sequences, at most `limit` characters.
    public static func line(_ text: String, limit: Int = 300) -> String {
        let s = SafeText.sanitize(text)
        return s.count > limit ? String(s.prefix(limit)) + "…" : s
    }

    /// Several lines kept, at most `limit` characters.
    public static func block(_ text: String, limit: Int = 4000) -> String {
        let s = SafeText.sanitize(text, keepNewlines: true)
        return s.count > limit ? String(s.prefix(limit)) + "…" : s
    }
}
