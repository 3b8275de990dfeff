import Foundation

/// Fills `${name}` placeholders from a dictionary; unknown names stay as written.
public enum Template {
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, text.contains("${") else { return text }
        var out = text
        for (k, v) in values { out = out.replacingOccurrences(of: "${\(k)}", with: v) }
        return out
    }

    /// The placeholder names used in `text`.
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: "}") else { break }
            names.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return names
    }
}
