import Foundation
import Yams

/// Reads one YAML node of a config file into typed values, so every error names the file,
/// the line and the key path.
///
/// Contract: a reader for a mapping remembers which keys were read; `finish()` records the
/// ones nobody asked for ("unknown key 'intervl'"), every one of them. Strings have `${NAME}`
/// replaced from the environment (see `ConfigContext`); a missing variable is an error at that
/// key. A value read by key (`string("name")`, `seconds("timeout")`, …) that is malformed is
/// recorded in the context and read as absent, so that reading goes on and one load reports
/// every problem of the file; `recovering` does the same for a whole block. A document whose
/// aliases expand to more than `ConfigContext.nodeBudget` values is refused before any of it
/// is read, never a hang.
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
        if let child = ConfigReader.value(key, in: node) {
            return ConfigError(file: context.file, line: child.mark?.line, column: child.mark?.column, key: childPath(key), message: message)
        }
        return ConfigError(file: context.file, line: node.mark?.line, column: node.mark?.column, key: childPath(key), message: message)
    }

    var mapping: Node.Mapping? { node.mapping }

    /// The value of the key written as `key` in the mapping `node` (nil when `node` is no
    /// mapping). Compares the text only: Yams's own lookup resolves the tag of every key it
    /// passes, which made a file of 10,000 services take seconds.
    static func value(_ key: String, in node: Node) -> Node? {
        guard case .mapping(let m) = node else { return nil }
        for (k, v) in m where k.scalar?.string == key { return v }
        return nil
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Fails unless this node is a mapping.
    public func requireMapping(_ what: String = "a mapping") throws -> ConfigReader {
        guard node.mapping != nil else { throw error("expected \(what), found \(describe(node))") }
        return self
    }

    public func has(_ key: String) -> Bool {
        readKeys.keys.insert(key)
        guard let v = ConfigReader.value(key, in: node) else { return false }
        return !isNull(v)
    }

    /// The child at `key`, or nil when absent or null.
    public func child(_ key: String) throws -> ConfigReader? {
        readKeys.keys.insert(key)
        guard let v = ConfigReader.value(key, in: node), !isNull(v) else { return nil }
        return ConfigReader(node: v, path: childPath(key), context: context)
    }

    public func required(_ key: String) throws -> ConfigReader {
        guard let c = try child(key) else { throw error(at: key, "required key '\(key)' is missing") }
        return c
    }

    // MARK: Scalars

    /// This node as a string (numbers and booleans are taken as written), env-expanded.
    public func string() throws -> String {
        guard let s = node.scalar?.string else { throw error("expected text, found \(describe(node))") }
        return try context.expand(s, at: self)
    }

    public func string(_ key: String) throws -> String? { try byKey(key) { try $0.string() } }

    /// The value at `key` read by `read`; nil when absent, and nil with the problem recorded
    /// when `read` finds it malformed.
    func byKey<T>(_ key: String, _ read: (ConfigReader) throws -> T) throws -> T? {
        guard let c = try child(key) else { return nil }
        return try c.recovering { try read(c) }
    }

    /// Runs `read`; a `ConfigError` it throws is recorded and nil returned, so that the rest
    /// of the file is still read (the load fails at its end with every problem).
    public func recovering<T>(_ read: () throws -> T) throws -> T? {
        do {
            return try read()
        } catch let e as ConfigError {
            context.record(e)
            return nil
        } catch is ConfigErrorRecorded {
            return nil
        }
    }

    /// Records a problem and goes on reading.
    public func record(_ error: ConfigError) { context.record(error) }

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

    public func int(_ key: String) throws -> Int? { try byKey(key) { try $0.int() } }

    public func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        try byKey(key) { c in
            let v = try c.int()
            guard range.contains(v) else { throw c.error("must be between \(range.lowerBound) and \(range.upperBound), found \(v)") }
            return v
        }
    }

    public func double() throws -> Double {
        guard let s = node.scalar?.string, let v = Double(s.replacingOccurrences(of: "_", with: "")), v.isFinite else {
            throw error("expected a number, found \(describe(node))")
        }
        return v
    }

    public func double(_ key: String) throws -> Double? { try byKey(key) { try $0.double() } }

    public func bool() throws -> Bool {
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found \(describe(node))")
        }
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool { try byKey(key) { try $0.bool() } ?? value }

    /// A duration: `250ms`, `10s`, `1.5s`, `2m`, `1h`, or a bare number of seconds.
    public func seconds() throws -> Seconds {
        guard let s = node.scalar?.string, let v = Seconds(parsing: s) else {
            throw error("expected a duration such as 500ms, 10s or 2m, found \(describe(node))")
        }
        return v
    }

    /// A duration no longer than `max` (a day unless said: nothing in a config means longer,
    /// and the bound keeps every conversion to nanoseconds in range).
    public func seconds(_ key: String, max: Seconds = Seconds(86_400)) throws -> Seconds? {
        try byKey(key) { c in
            let v = try c.seconds()
            guard v <= max else { throw c.error("must be at most \(max)") }
            return v
        }
    }

    /// A positive duration no longer than `max`.
    public func positiveSeconds(_ key: String, max: Seconds = Seconds(86_400)) throws -> Seconds? {
        try byKey(key) { c in
            let v = try c.seconds()
            guard v.value > 0 else { throw c.error("must be greater than zero") }
            guard v <= max else { throw c.error("must be at most \(max)") }
            return v
        }
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
        guard let seq = node.sequence else { throw error("expected a list, found \(describe(node))") }
        return seq.enumerated().map { i, n in ConfigReader(node: n, path: "\(path)[\(i)]", context: context) }
    }

    /// The `id` written in this mapping, as written (before any check): what other parts of
    /// the file may name even when the rest of the block is wrong.
    public var writtenID: String? { ConfigReader.value("id", in: node)?.scalar?.string }

    /// The `id`s written in the items of this list.
    public var writtenIDs: [String] { node.sequence?.compactMap { ConfigReader.value("id", in: $0)?.scalar?.string } ?? [] }

    /// A list, or a single value taken as a one-element list.
    public func listOrSingle() throws -> [ConfigReader] {
        node.sequence != nil ? try list() : [self]
    }

    /// The entries of a mapping in file order; keys are env-expanded text.
    public func entries() throws -> [(key: String, value: ConfigReader)] {
        guard let m = node.mapping else { throw error("expected a mapping, found \(describe(node))") }
        return try m.compactMap { k, v in
            guard let key = k.scalar?.string else {
                throw ConfigError(file: context.file, line: k.mark?.line, column: k.mark?.column, key: path, message: "keys must be text")
            }
            return DuplicateKeys.isMarker(key) ? nil : (key, ConfigReader(node: v, path: childPath(key), context: context))
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

    /// Records every key of this mapping that no one read, each with a guess at what was
    /// meant. (A key written twice is reported where the document is composed.)
    public func finish() throws {
        guard let m = mapping else { return }
        for (k, _) in m {
            guard let key = k.scalar?.string, !DuplicateKeys.isMarker(key) else { continue }
            if !readKeys.keys.contains(key) {
                let known = readKeys.keys.sorted()
                var message = "unknown key '\(key)'"
                if let guess = known.min(by: { editDistance($0, key) < editDistance($1, key) }), editDistance(guess, key) <= 2 {
                    message += "; did you mean '\(guess)'?"
                }
                context.record(ConfigError(file: context.file, line: k.mark?.line, column: k.mark?.column, key: childPath(key), message: message))
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
            let (root, duplicates) = try DuplicateKeys.compose(text, file: file)
            guard let node = root else {
                throw ConfigErrors([ConfigError(file: file, line: 1, key: "", message: "the file is empty")])
            }
            if let bomb = ConfigContext.overBudget(node, file: file) { throw ConfigErrors([bomb]) }
            let context = ConfigContext(file: file, environment: environment)
            duplicates.forEach(context.record)
            return ConfigReader(node: node, path: "", context: context)
        } catch let e as ConfigErrors {
            throw e
        } catch let e as YamlError {
            throw ConfigErrors([WarroomConfig.configError(from: e, file: file)])
        } catch {
            throw ConfigErrors([ConfigError(file: file, line: nil, key: "", message: "not valid YAML: \(error)")])
        }
    }

    /// Reads a whole document with `read`, and throws every problem found on the way
    /// (recorded or thrown), in file order; returns what `read` made when there is none.
    public static func read<T>(_ text: String, file: String, environment: [String: String] = [:], _ read: (ConfigReader) throws -> T) throws -> T {
        let root = try document(text, file: file, environment: environment)
        return try root.readWhole(read)
    }

    /// Runs `read` on this reader and throws every problem its context holds afterwards.
    public func readWhole<T>(_ read: (ConfigReader) throws -> T) throws -> T {
        let made = try recovering { try read(self) }
        if !context.errors.isEmpty { throw ConfigErrors(context.errors) }
        guard let made else { throw ConfigErrors([error("the file could not be read")]) }
        return made
    }
}
