import Foundation
import Yams

/// Reads one YAML node of a config file into typed values, so every error names the file,
/// the line and the key path.
///
/// Contract: a reader for a mapping remembers which keys were read; `finish()` rejects the
/// ones nobody asked for ("unknown key 'intervl'"). Strings have `${NAME}` replaced from the
/// environment (see `ConfigContext`); a missing variable is an error at that key. Walking
/// more nodes than `ConfigContext.nodeBudget` (an alias bomb) is an error, never a hang.
public struct ConfigReader {
    public let node: Node
    public let path: String
    let context: ConfigContext
    private let readKeys: KeyLog

    init(node: Node, path: String, context: ConfigContext) {
        self.node = node
        self.path = path
        self.context = context
        self.readKeys = KeyLog()
    }

    /// An error at this node.
    public func error(_ message: String) -> ConfigError {
        ConfigError(file: context.file, line: node.mark?.line, column: node.mark?.column, key: path, message: message)
    }

    /// An error at the key `key` of this mapping (at the mapping when the key is absent).
    public func error(at key: String, _ message: String) -> ConfigError {
        if let child = mapping?[key] {
            return ConfigError(file: context.file, line: child.mark?.line, column: child.mark?.column, key: childPath(key), message: message)
        }
        return ConfigError(file: context.file, line: node.mark?.line, column: node.mark?.column, key: childPath(key), message: message)
    }

    var mapping: Node.Mapping? { node.mapping }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Fails unless this node is a mapping.
    public func requireMapping(_ what: String = "a mapping") throws -> ConfigReader {
        try context.spend()
        guard node.mapping != nil else { throw error("expected \(what), found \(describe(node))") }
        return self
    }

    public func has(_ key: String) -> Bool {
        readKeys.keys.insert(key)
        guard let v = mapping?[key] else { return false }
        return !isNull(v)
    }

    /// The child at `key`, or nil when absent or null.
    public func child(_ key: String) throws -> ConfigReader? {
        try context.spend()
        readKeys.keys.insert(key)
        guard let v = mapping?[key], !isNull(v) else { return nil }
        return ConfigReader(node: v, path: childPath(key), context: context)
    }

    public func required(_ key: String) throws -> ConfigReader {
        guard let c = try child(key) else { throw error(at: key, "required key '\(key)' is missing") }
        return c
    }

    // MARK: Scalars

    /// This node as a string (numbers and booleans are taken as written), env-expanded.
    public func string() throws -> String {
        try context.spend()
        guard let s = node.scalar?.string else { throw error("expected text, found \(describe(node))") }
        return try context.expand(s, at: self)
    }

    public func string(_ key: String) throws -> String? { try child(key)?.string() }

    public func string(_ key: String, default value: String) throws -> String { try string(key) ?? value }

    public func requiredString(_ key: String) throws -> String {
        let s = try required(key).string()
        if s.trimmingCharacters(in: .whitespaces).isEmpty { throw error(at: key, "must not be empty") }
        return s
    }

    public func int() throws -> Int {
        guard let s = node.scalar?.string, let v = Int(s.replacingOccurrences(of: "_", with: "")) else {
            throw error("expected a whole number, found \(describe(node))")
        }
        return v
    }

    public func int(_ key: String) throws -> Int? { try child(key)?.int() }

    public func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let c = try child(key) else { return nil }
        let v = try c.int()
        guard range.contains(v) else { throw c.error("must be between \(range.lowerBound) and \(range.upperBound), found \(v)") }
        return v
    }

    public func double() throws -> Double {
        guard let s = node.scalar?.string, let v = Double(s.replacingOccurrences(of: "_", with: "")), v.isFinite else {
            throw error("expected a number, found \(describe(node))")
        }
        return v
    }

    public func double(_ key: String) throws -> Double? { try child(key)?.double() }

    public func bool() throws -> Bool {
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found \(describe(node))")
        }
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool { try child(key)?.bool() ?? value }

    /// A duration: `250ms`, `10s`, `1.5s`, `2m`, `1h`, or a bare number of seconds.
    public func seconds() throws -> Seconds {
        guard let s = node.scalar?.string, let v = Seconds(parsing: s) else {
            throw error("expected a duration such as 500ms, 10s or 2m, found \(describe(node))")
        }
        return v
    }

    public func seconds(_ key: String) throws -> Seconds? { try child(key)?.seconds() }

    /// A positive duration no longer than `max`.
    public func positiveSeconds(_ key: String, max: Seconds = Seconds(86_400)) throws -> Seconds? {
        guard let c = try child(key) else { return nil }
        let v = try c.seconds()
        guard v.value > 0 else { throw c.error("must be greater than zero") }
        guard v <= max else { throw c.error("must be at most \(max)") }
        return v
    }

    /// One of `choices`, case-insensitive; the error lists them.
    public func choice(_ choices: [String]) throws -> String {
        let s = try string().lowercased()
        guard choices.contains(s) else {
            throw error("unknown value '\(s)'; expected one of: \(choices.joined(separator: ", "))")
        }
        return s
    }

    // MARK: Collections

    /// The elements of a sequence, each with its own reader (`services[2]`).
    public func list() throws -> [ConfigReader] {
        try context.spend()
        guard let seq = node.sequence else { throw error("expected a list, found \(describe(node))") }
        return try seq.enumerated().map { i, n in
            try context.spend()
            return ConfigReader(node: n, path: "\(path)[\(i)]", context: context)
        }
    }

    /// A list, or a single value taken as a one-element list.
    public func listOrSingle() throws -> [ConfigReader] {
        node.sequence != nil ? try list() : [self]
    }

    /// The entries of a mapping in file order; keys are env-expanded text.
    public func entries() throws -> [(key: String, value: ConfigReader)] {
        try context.spend()
        guard let m = node.mapping else { throw error("expected a mapping, found \(describe(node))") }
        return try m.map { k, v in
            try context.spend()
            guard let key = k.scalar?.string else {
                throw ConfigError(file: context.file, line: k.mark?.line, column: k.mark?.column, key: path, message: "keys must be text")
            }
            return (key, ConfigReader(node: v, path: childPath(key), context: context))
        }
    }

    /// Every scalar under this node, as written (before `${NAME}` expansion), joined by
    /// newlines: for finding placeholders.
    var rawText: String {
        func collect(_ n: Node, into out: inout [String], budget: inout Int) {
            budget -= 1
            guard budget > 0 else { return }
            switch n {
            case .scalar(let s): out.append(s.string)
            case .mapping(let m): for (k, v) in m { collect(k, into: &out, budget: &budget); collect(v, into: &out, budget: &budget) }
            case .sequence(let q): for v in q { collect(v, into: &out, budget: &budget) }
            case .alias: break
            }
        }
        var out: [String] = []
        var budget = 10_000
        collect(node, into: &out, budget: &budget)
        return out.joined(separator: "\n")
    }

    /// Rejects keys of this mapping that no one read.
    public func finish() throws {
        guard let m = mapping else { return }
        for (k, _) in m {
            guard let key = k.scalar?.string else { continue }
            if !readKeys.keys.contains(key) {
                let known = readKeys.keys.sorted()
                var message = "unknown key '\(key)'"
                if let guess = known.min(by: { editDistance($0, key) < editDistance($1, key) }), editDistance(guess, key) <= 2 {
                    message += "; did you mean '\(guess)'?"
                }
                throw ConfigError(file: context.file, line: k.mark?.line, column: k.mark?.column, key: childPath(key), message: message)
            }
        }
    }

    private func isNull(_ n: Node) -> Bool {
        if case .scalar(let s) = n, s.tag.description.hasSuffix("null") || (s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)) {
            return true
        }
        return false
    }

    func describe(_ n: Node) -> String {
        switch n {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            if isNull(n) { return "nothing" }
            let t = s.string.count > 40 ? String(s.string.prefix(40)) + "…" : s.string
            return "'\(t)'"
        }
    }
}

/// The keys a mapping reader was asked for; shared by copies of the reader.
final class KeyLog {
    var keys: Set<String> = []
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    for i in 1...a.count {
        var cur = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return prev[b.count]
}

extension ConfigReader {
    /// A reader for the root of a YAML document, for other files that follow the config's
    /// error conventions (themes, runbooks). Throws `ConfigErrors` for YAML syntax errors.
    public static func document(_ text: String, file: String, environment: [String: String] = [:]) throws -> ConfigReader {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigErrors([ConfigError(file: file, line: 1, key: "", message: "the file is empty")])
            }
            return ConfigReader(node: node, path: "", context: ConfigContext(file: file, environment: environment))
        } catch let e as ConfigErrors {
            throw e
        } catch let e as YamlError {
            throw ConfigErrors([WarroomConfig.configError(from: e, file: file)])
        } catch {
            throw ConfigErrors([ConfigError(file: file, line: nil, key: "", message: "not valid YAML: \(error)")])
        }
    }
}
