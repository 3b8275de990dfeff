/// A log that tells the startup line by line: a file followed like `tail -F`, or the output
/// of a command (`kubectl logs -f …`), read through `rules`.
///
/// ```yaml
/// startup:
///   type: log
///   file: /var/log/backend.log        # or command: [kubectl, logs, -f, deploy/backend]
///                                     # or shell: "gcloud logging tail …"
///   format: plain                     # or json (JSON lines)
///   message_field: message            # json only; default message, then msg
///   phases: [INIT, DEPENDENCIES, DATABASE, CACHE, SERVICES, WEBSOCKET, READY]
///   backlog: 256KB                    # how much of an existing file to read first
///   preset: phased-startup            # and/or rules: [{match: …, …}]
/// ```
/// Contract: exactly one of `file`, `command`, `shell`; `rules` or `preset` (or both: the
/// preset's rules first). `phases` lists the expected order: phases not seen yet show as
/// pending, phases not listed are added in the order they appear.
public struct StartupLogSpec: Hashable, Sendable {
    public enum Input: Hashable, Sendable {
        case file(String)
        case command(CommandCheckSpec.Command)
    }

    public enum Format: String, Hashable, Sendable {
        case plain
        case json
    }

    public var input: Input
    public var format: Format
    /// json: where the text of a line is; the first one present is used.
    public var messageFields: [JSONPath]
    public var phases: [String]
    /// Bytes of an existing file read at start.
    public var backlog: Int
    public var rules: [StartupLogRule]

    public static let defaultBacklog = 256 << 10

    public init(input: Input, format: Format = .plain, messageFields: [JSONPath] = StartupLogSpec.defaultMessageFields,
                phases: [String] = [], backlog: Int = StartupLogSpec.defaultBacklog, rules: [StartupLogRule]) {
        self.input = input
        self.format = format
        self.messageFields = messageFields
        self.phases = phases
        self.backlog = backlog
        self.rules = rules
    }

    public static let defaultMessageFields = [JSONPath("message"), JSONPath("msg")].compactMap { $0 }

    /// `log /var/log/backend.log`, `log: kubectl logs -f deploy/backend`.
    public var description: String {
        switch input {
        case .file(let path): return "log \(path)"
        case .command(let c): return "log: \(CommandCheckSpec(command: c).commandLine)"
        }
    }

    /// The rules of `preset: phased-startup`, matching the simulated staging's backend log.
    public static func phasedStartupRules() throws -> [StartupLogRule] { try PhasedStartupPreset.rules() }

    init(reading r: ConfigReader) throws {
        let sources = try ["file", "command", "shell"].compactMap { key in try r.child(key).map { (key, $0) } }
        guard let (key, source) = sources.first else {
            throw r.error(at: "file", "required key 'file' (a path), 'command' (a list such as [kubectl, logs, -f, deploy/backend]) or 'shell' (a command line) is missing")
        }
        if sources.count > 1 {
            throw r.error(at: sources[1].0, "give one of file, command or shell, not \(sources.map(\.0).joined(separator: " and "))")
        }
        switch key {
        case "file":
            input = .file(try r.requiredString("file"))
        case "command":
            guard source.node.sequence != nil else {
                throw source.error("expected a list such as [kubectl, logs, -f, deploy/backend]; for a command line use shell:")
            }
            let words = try source.list().map { try $0.string() }
            guard let program = words.first else { throw source.error("must not be empty") }
            if program.trimmingCharacters(in: .whitespaces).isEmpty { throw source.error("the program name must not be empty") }
            input = .command(.arguments(words))
        default:
            input = .command(.shell(try r.requiredString("shell")))
        }
        format = try r.child("format").map { Format(rawValue: try $0.choice(["plain", "json"])) ?? .plain } ?? .plain
        if let field = try r.child("message_field") {
            guard format == .json else { throw field.error("only for format: json") }
            let text = try field.string()
            guard let path = JSONPath(text) else { throw field.error("'\(text)' is not a path such as message or jsonPayload.message") }
            messageFields = [path]
        } else {
            messageFields = StartupLogSpec.defaultMessageFields
        }
        phases = []
        if let list = try r.child("phases") {
            for item in try list.list() {
                let name = try item.string().trimmingCharacters(in: .whitespaces)
                if name.isEmpty { throw item.error("must not be empty") }
                if phases.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { throw item.error("'\(name)' is listed twice") }
                phases.append(name)
            }
        }
        backlog = try r.byteSize("backlog", max: 64 << 20) ?? StartupLogSpec.defaultBacklog
        var rules: [StartupLogRule] = []
        if let preset = try r.child("preset") {
            _ = try preset.choice([PhasedStartupPreset.name])
            rules += try PhasedStartupPreset.rules()
        }
        if let list = try r.child("rules") {
            rules += try list.list().map(StartupLogRule.init(reading:))
        }
        if rules.isEmpty {
            throw r.error(at: "rules", "required key 'rules' (a list of {match: …}) or 'preset: \(PhasedStartupPreset.name)' is missing")
        }
        self.rules = rules
    }
}
