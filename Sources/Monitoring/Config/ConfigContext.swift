import Foundation

/// What a config load shares across readers: the file name for errors, the environment
/// for `${NAME}`, names left for the golden path to fill at run time, the secrets seen, and
/// a budget of nodes to visit.
final class ConfigContext {
    let file: String
    let environment: [String: String]
    /// `${name}` placeholders kept as written (golden-path captures), not taken from the environment.
    var deferredNames: Set<String> = []
    private(set) var secrets: Set<String> = []
    private var budget: Int

    static let nodeBudget = 200_000

    init(file: String, environment: [String: String], budget: Int = ConfigContext.nodeBudget) {
        self.file = file
        self.environment = environment
        self.budget = budget
    }

    func spend() throws {
        budget -= 1
        if budget < 0 {
            throw ConfigError(file: file, line: nil, key: "", message: "the file expands to more than \(ConfigContext.nodeBudget) values (an alias loop or bomb?)")
        }
    }

    /// Replaces `${NAME}` and `${NAME:-fallback}` from the environment; `$${` stays a literal
    /// `${`. Values that came from the environment are remembered as secrets.
    func expand(_ text: String, at reader: ConfigReader) throws -> String {
        guard text.contains("$") else { return text }
        var out = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.hasPrefix("${") {
                out += "${"
                rest = after.dropFirst(2)
                continue
            }
            guard after.hasPrefix("{"), let close = after.firstIndex(of: "}") else {
                out += "$"
                rest = after
                continue
            }
            let inner = String(after[after.index(after: after.startIndex)..<close])
            let (name, fallback) = ConfigContext.splitFallback(inner)
            guard ConfigContext.isValidName(name) else {
                throw reader.error("'${\(inner)}' is not a valid variable name")
            }
            if deferredNames.contains(name) {
                out += "${\(inner)}"
            } else if let value = environment[name] {
                if value.count >= 4 { secrets.insert(value) }
                out += value
            } else if let fallback {
                out += fallback
            } else {
                throw reader.error("environment variable \(name) is not set (use ${\(name):-default} for a default)")
            }
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    /// Takes in the secrets another file of the same config found (runbook files).
    func remember(secrets more: Set<String>) {
        secrets.formUnion(more)
    }

    static func splitFallback(_ inner: String) -> (String, String?) {
        guard let r = inner.range(of: ":-") else { return (inner, nil) }
        return (String(inner[..<r.lowerBound]), String(inner[r.upperBound...]))
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || CharacterSet.letters.contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || CharacterSet.alphanumerics.contains($0) }
    }
}
