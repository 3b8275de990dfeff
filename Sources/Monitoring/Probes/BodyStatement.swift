/// What a JSON answer says about itself, in a few words for a reason:
/// `status DOWN · db: timeout, cache: DOWN (connection refused)` or `Login unavailable: backend offline`.
///
/// Contract: reads, at the top level, the health word (`status`, `state`, `health`), the
/// message (`detail`, `error`, `message`, `reason`, or their `message` inside an object), and
/// the sub-checks under `checks`, `components`, `dependencies`, `services` or `details` (as
/// Spring Boot, MicroProfile, .NET and Go health libraries write them: a word, or an object
/// with its own health word and message) whose word is not a healthy one. At most three
/// sub-checks are named, then how many more; the whole is at most 200 characters. Nil when the
/// body says none of these.
public struct BodyStatement: Hashable, Sendable {
    /// The top-level health word as written (`DOWN`), if any, and the field it is in.
    public var word: String?
    public var wordField = "status"
    /// The top-level message, if any.
    public var message: String?
    /// Sub-checks whose word is not healthy, as `name: word (message)`.
    public var troubled: [String]
    /// How many troubled sub-checks there are in all.
    public var troubledCount: Int

    static let wordFields = ["status", "state", "health"]
    static let messageFields = ["detail", "error", "message", "reason"]
    static let checkFields = ["checks", "components", "dependencies", "services", "details"]
    static let healthy: Set<String> = ["ok", "up", "healthy", "pass", "passed", "passing", "green", "ready", "available",
                                       "true", "success", "succeeded", "good", "fine", "online", "running", "serving"]
    static let namedChecks = 3

    public init?(_ json: JSONValue) {
        guard case .object = json else { return nil }
        if let (field, said) = BodyStatement.field(in: json) {
            word = said
            wordField = field
        }
        message = BodyStatement.message(in: json)
        var troubled: [String] = []
        var count = 0
        for field in BodyStatement.checkFields {
            guard let checks = json[field] else { continue }
            for (name, value) in BodyStatement.entries(checks) {
                guard let said = BodyStatement.word(in: value) ?? value.stringValue ?? value.boolText else { continue }
                guard !BodyStatement.isHealthy(said) else { continue }
                count += 1
                guard troubled.count < BodyStatement.namedChecks else { continue }
                var text = "\(name): \(said)"
                if let why = BodyStatement.message(in: value) ?? value["details"].flatMap(BodyStatement.message(in:)), why != said {
                    text += " (\(why))"
                }
                troubled.append(text)
            }
            if count > 0 { break }
        }
        self.troubled = troubled
        troubledCount = count
        if word == nil && message == nil && troubled.isEmpty { return nil }
    }

    /// The words for a reason. `withWord` says the top-level health word too (a reason that
    /// already quotes it leaves it out); `onlyTrouble` says nothing when the body reports no
    /// trouble (a passing check names only problems).
    public func text(withWord: Bool = true, onlyTrouble: Bool = false) -> String? {
        var parts: [String] = []
        let wordIsTrouble = word.map { !BodyStatement.isHealthy($0) } ?? false
        if withWord, let word, !onlyTrouble || wordIsTrouble { parts.append("\(wordField) \(word)") }
        if let message, !onlyTrouble || wordIsTrouble || !troubled.isEmpty { parts.append(message) }
        if !troubled.isEmpty {
            var list = troubled.joined(separator: ", ")
            if troubledCount > troubled.count { list += " +\(troubledCount - troubled.count) more" }
            parts.append(list)
        }
        guard !parts.isEmpty else { return nil }
        return Sanitize.line(parts.joined(separator: " · "), limit: 200)
    }

    public static func isHealthy(_ word: String) -> Bool {
        healthy.contains(word.trimmingCharacters(in: .whitespaces).lowercased())
    }

    static func word(in json: JSONValue) -> String? { field(in: json)?.word }

    static func field(in json: JSONValue) -> (field: String, word: String)? {
        for field in wordFields {
            if let s = json[field]?.stringValue, !s.trimmingCharacters(in: .whitespaces).isEmpty { return (field, s) }
        }
        return nil
    }

    static func message(in json: JSONValue) -> String? {
        for key in messageFields {
            guard let v = json[key] else { continue }
            if let s = v.stringValue, !s.trimmingCharacters(in: .whitespaces).isEmpty { return s }
            if let inner = v["message"]?.stringValue, !inner.isEmpty { return inner }
        }
        return nil
    }

    /// Named entries of a checks field: an object's keys, or a list's items by their `name`
    /// (`id`, `component`) or position.
    static func entries(_ checks: JSONValue) -> [(String, JSONValue)] {
        switch checks {
        case .object(let o):
            return o.keys.sorted().map { ($0, o[$0]!) }
        case .array(let items):
            return items.enumerated().map { i, item in
                let name = ["name", "id", "component", "check"].lazy.compactMap { item[$0]?.stringValue }.first ?? "#\(i + 1)"
                return (name, item)
            }
        default:
            return []
        }
    }
}

private extension JSONValue {
    /// `true` / `false` for a boolean (`"db": false`), nil otherwise.
    var boolText: String? {
        if case .bool(let b) = self { return b ? "true" : "false" }
        return nil
    }
}
