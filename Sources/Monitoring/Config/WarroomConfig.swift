import Foundation
import Yams

/// Everything a config file says: the environment's name, the services to watch, and the
/// runbooks responders follow.
public struct WarroomConfig: Sendable {
    /// Where the config came from, for messages (`demo` for the embedded one).
    public var source: String
    public var environment: String
    public var defaults: CheckDefaults
    public var services: [ServiceConfig]
    public var goldenPath: GoldenPathSpec?
    public var impact: [ImpactRule]
    /// Where the history is kept, when the config says (`store: { path: … }`).
    public var storePath: String?
    /// From `runbooks:`, `runbook_files:` and `runbooks_dir:` (see `RunbookSources`).
    public var runbooks: [Runbook]
    public var redactor: SecretRedactor
    /// The console's theme when the config says (`theme: NAME|PATH`), as written: a path in it
    /// is relative to the config file's folder.
    public var theme: String?
    /// What happens to running runbook steps when the terminal goes away (SIGHUP, a dropped
    /// SSH connection): `stop` them (the default: SIGTERM, then SIGKILL, and a finished audit
    /// record), or `keep` them running (the next start records them as interrupted).
    public var stepsOnHangup: HangupPolicy = .stop

    public enum HangupPolicy: String, Sendable, CaseIterable {
        case stop, keep
    }

    public init(source: String, environment: String, defaults: CheckDefaults = CheckDefaults(), services: [ServiceConfig], goldenPath: GoldenPathSpec? = nil, impact: [ImpactRule] = [], storePath: String? = nil, runbooks: [Runbook] = [], redactor: SecretRedactor = .none, theme: String? = nil) {
        self.source = source
        self.environment = environment
        self.defaults = defaults
        self.services = services
        self.goldenPath = goldenPath
        self.impact = impact
        self.storePath = storePath
        self.runbooks = runbooks
        self.redactor = redactor
        self.theme = theme
    }

    /// Reads and checks a config file. Throws `ConfigErrors` naming file, line and key.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WarroomConfig {
        let text: String
        do throws(ConfigError) {
            text = try WarroomConfig.text(at: path)
        } catch {
            throw ConfigErrors([error])
        }
        return try parse(text, file: path, environment: environment)
    }

    /// The UTF-8 text of the file at `path` (the config, or a file it names).
    static func text(at path: String) throws(ConfigError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(file: path, line: nil, key: "", message: "cannot read the file: \(WarroomConfig.reason(error))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: nil, key: "", message: "the file is not UTF-8 text")
        }
        return text
    }

    /// Parses config text; `file` names it in errors.
    public static func parse(_ text: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WarroomConfig {
        let reader = try ConfigReader.document(text, file: file, environment: environment)
        let context = reader.context
        var errors: [ConfigError] = []
        var config: WarroomConfig?
        do {
            config = try WarroomConfig(reading: reader, errors: &errors)
        } catch let e as ConfigError {
            errors.append(e)
        }
        if !errors.isEmpty { throw ConfigErrors(errors) }
        config!.redactor = SecretRedactor(context.secrets)
        return config!
    }

    init(reading r: ConfigReader, errors: inout [ConfigError]) throws {
        _ = try r.requireMapping("a mapping with environment and services")
        source = r.context.file
        let goldenReader = try r.child("golden_path")
        if let goldenReader, goldenReader.node.mapping != nil {
            r.context.deferredNames = try GoldenPathSpec.captureNames(in: goldenReader)
        }
        environment = try r.requiredString("environment")
        defaults = try r.child("defaults").map(CheckDefaults.init(reading:)) ?? CheckDefaults()
        let list = try r.required("services").list()
        if list.isEmpty { throw r.error(at: "services", "must list at least one service") }
        var services: [ServiceConfig] = []
        var seen: [String: Int] = [:]
        for item in list {
            do {
                let s = try ServiceConfig(reading: item, defaults: defaults)
                if let first = seen[s.id] {
                    errors.append(item.error(at: "id", "duplicate id '\(s.id)' (also services[\(first)])"))
                }
                seen[s.id] = services.count
                services.append(s)
            } catch let e as ConfigError {
                errors.append(e)
            }
        }
        self.services = services
        redactor = .none
        goldenPath = nil
        impact = []
        storePath = nil
        runbooks = []
        theme = try r.string("theme")
        if theme?.trimmingCharacters(in: .whitespaces).isEmpty == true { throw r.error(at: "theme", "must not be empty") }
        if let policy = try r.child("steps_on_hangup") {
            stepsOnHangup = HangupPolicy(rawValue: try policy.choice(HangupPolicy.allCases.map(\.rawValue)))!
        }
        if let store = try r.child("store") {
            _ = try store.requireMapping("{path: …}")
            storePath = try store.string("path")
            try store.finish()
        }
        if let rules = try r.child("impact") {
            var seenRules = Set<String>()
            for item in try rules.list() {
                do {
                    let rule = try ImpactRule(reading: item)
                    if !seenRules.insert(rule.id).inserted {
                        errors.append(item.error(at: "id", "duplicate impact rule id '\(rule.id)'"))
                    }
                    for id in rule.condition.serviceIDs where !services.contains(where: { $0.id == id }) {
                        errors.append(item.error(at: "when", "names service '\(id)', which is not in services"))
                    }
                    impact.append(rule)
                } catch let e as ConfigError {
                    errors.append(e)
                }
            }
        }
        if let goldenReader {
            do {
                goldenPath = try GoldenPathSpec(reading: goldenReader, defaults: defaults)
            } catch let e as ConfigError {
                errors.append(e)
            }
        }
        let targets = RunbookLink.Targets(
            services: Set(services.map(\.id)),
            goldenPathSteps: Set(goldenPath?.steps.map(\.id) ?? []),
            banners: Set(impact.map(\.id))
        )
        runbooks = try RunbookSources.read(r, targets: targets, errors: &errors)
        try r.finish()
    }

    static func configError(from e: YamlError, file: String) -> ConfigError {
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            var message = "not valid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return ConfigError(file: file, line: mark.line, column: mark.column, key: "", message: message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(file: file, line: context.mark.line, column: context.mark.column, key: "", message: "duplicate key(s): \(duplicates.joined(separator: ", "))")
        case .reader(let problem, let offset, let value, let yaml):
            let character = value >= 0 ? String(format: " (U+%04X)", value) : ""
            let at = offset.map { position(ofByte: $0, in: yaml) }
            return ConfigError(file: file, line: at?.line, column: at?.column, key: "", message: "cannot read the text: \(problem)\(character)")
        default:
            return ConfigError(file: file, line: nil, key: "", message: "not valid YAML: \(e)")
        }
    }

    /// Line and column (from 1, the column counted in characters) of byte `offset` of `text`.
    static func position(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
        let bytes = text.utf8.prefix(max(0, offset))
        let line = bytes.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lineStart = bytes.lastIndex(of: UInt8(ascii: "\n")).map { bytes.index(after: $0) } ?? bytes.startIndex
        let column = String(decoding: bytes[lineStart...], as: UTF8.self).count + 1
        return (line, column)
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain && ns.code == NSFileReadNoSuchFileError { return "no such file" }
        if ns.domain == NSCocoaErrorDomain && ns.code == NSFileReadNoPermissionError { return "permission denied" }
        return ns.localizedDescription
    }
}
