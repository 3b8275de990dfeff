import Foundation
import Yams

/// What a config load shares across readers: the file name for errors, the environment
/// for `${NAME}`, names left for the golden path to fill at run time, the secrets seen, and
/// the problems found.
final class ConfigContext {
    let file: String
    let environment: [String: String]
    /// `${name}` placeholders kept as written (golden-path captures), not taken from the environment.
    var deferredNames: Set<String> = []
    /// While a golden-path step is read: the captures earlier steps make, so that a name
    /// that is neither one nor in the environment is reported with the captures there are.
    var capturesSoFar: [String]?
    private(set) var secrets: Set<String> = []
    /// Problems found so far; reading goes on past each, so that one load reports them all.
    private(set) var errors: [ConfigError] = []

    /// How many values (scalars, lists, mappings) a file may expand to, aliases counted at
    /// each use: four times what a config of 10,000 services needs, far below what an alias
    /// bomb expands to.
    static let nodeBudget = 2_000_000

    init(file: String, environment: [String: String]) {
        self.file = file
        self.environment = environment
    }

    /// Keeps a problem (once) and lets reading go on.
    func record(_ error: ConfigError) {
        if !errors.contains(error) { errors.append(error) }
    }

    /// Nil when `root` expands to at most `budget` values; otherwise the error that says so.
    /// Walks the tree once, without recursion (nesting cannot exhaust the stack), and stops
    /// as soon as the budget is spent, so a bomb costs no more than the budget.
    static func overBudget(_ root: Node, file: String, budget: Int = nodeBudget) -> ConfigError? {
        var left = budget
        var stack: [Node] = [root]
        while let node = stack.popLast() {
            left -= 1
            if left < 0 {
                return ConfigError(file: file, line: nil, key: "",
                                   message: "the file expands to more than \(ConfigContext.grouped(budget)) values, aliases counted at each use (an alias bomb?)")
            }
            switch node {
            case .mapping(let m): for (k, v) in m { stack.append(k); stack.append(v) }
            case .sequence(let q): stack.append(contentsOf: q)
            case .scalar, .alias: break
            }
        }
        return nil
    }

    /// `5000000` as `5,000,000`.
    static func grouped(_ n: Int) -> String {
        var digits = String(n)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out
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
            } else if let captures = capturesSoFar {
                let known = captures.isEmpty ? "no step before this one captures anything" : "captures so far: \(captures.joined(separator: ", "))"
                throw reader.error("no capture or environment variable '\(name)' (\(known))")
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
