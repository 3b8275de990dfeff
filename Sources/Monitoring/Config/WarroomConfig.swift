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
    /// The shared store, when the config names one (`store: { url: postgres://… }`).
    public var storeURL: PostgresStoreURL?
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

    /// The largest config file read (and runbook file): 16 MB holds some 40,000 services
    /// written like the README's example; a larger file is refused before it is read, so that
    /// a wrong file named by mistake costs nothing.
    public static let sizeLimit = 16 << 20

    /// The UTF-8 text of the file at `path` (the config, or a file it names). A folder, a
    /// device, a pipe or a loop of symbolic links is refused by name, and so is a file over
    /// `sizeLimit`.
    static func text(at path: String) throws(ConfigError) -> String {
        func refuse(_ message: String) -> ConfigError { ConfigError(file: path, line: nil, key: "", message: message) }
        var info = stat()
        guard stat(path, &info) == 0 else { throw refuse("cannot read the file: \(WarroomConfig.reason(errno: errno))") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw refuse("is a folder, not a config file")
        default: throw refuse("is not a regular file (a device, pipe or socket); name a YAML file")
        }
        if info.st_size > sizeLimit {
            throw refuse("the file is \(ByteCount.format(Int(info.st_size))), over the \(ByteCount.format(sizeLimit)) a config may be; nothing was read")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw refuse("cannot read the file: \(WarroomConfig.reason(errno: errno))") }
        defer { close(fd) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw refuse("cannot read the file: \(WarroomConfig.reason(errno: errno))")
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
            // The file may grow while it is read.
            if data.count > sizeLimit { throw refuse("the file grew over the \(ByteCount.format(sizeLimit)) a config may be while it was read") }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw refuse("the file is not UTF-8 text")
        }
        return text
    }

    /// Why a file could not be read, in words (`no such file`, `permission denied`).
    static func reason(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case ELOOP: return "too many symbolic links (a link that points back at itself?)"
        case ENOTDIR: return "a part of the path is not a folder"
        case ENAMETOOLONG: return "the path is too long"
        case EISDIR: return "is a folder, not a config file"
        default: return String(cString: strerror(code))
        }
    }

    /// Parses config text; `file` names it in errors. Every problem the file has is in the
    /// `ConfigErrors` thrown, in file order.
    public static func parse(_ text: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WarroomConfig {
        let reader = try ConfigReader.document(text, file: file, environment: environment)
        var config = try reader.readWhole { try WarroomConfig(reading: $0) }
        config.redactor = SecretRedactor(reader.context.secrets)
        return config
    }

    /// Reads the whole file, recording each problem and going on: a block with an error is
    /// left out (or read with its defaults), and a service whose block has an error still
    /// counts as declared, so that what names it elsewhere is not a second error.
    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping("a mapping with environment and services")
        source = r.context.file
        let goldenReader = try r.child("golden_path")
        if let goldenReader, goldenReader.node.mapping != nil {
            r.context.deferredNames = (try? GoldenPathSpec.captureNames(in: goldenReader)) ?? []
        }
        environment = try r.recovering { try r.requiredString("environment") } ?? ""
        let defaults = try r.child("defaults").flatMap { d in try d.recovering { try CheckDefaults(reading: d) } } ?? CheckDefaults()
        self.defaults = defaults
        var services: [ServiceConfig] = []
        var declared = Set<String>()
        if let list = try r.recovering({ try r.required("services").list() }) {
            if list.isEmpty { r.record(r.error(at: "services", "must list at least one service")) }
            var seen: [String: Int] = [:]
            for (i, item) in list.enumerated() {
                if let id = item.writtenID {
                    if let first = seen[id] {
                        r.record(item.error(at: "id", "duplicate id '\(id)' (also services[\(first)])"))
                    } else {
                        seen[id] = i
                    }
                    declared.insert(id)
                }
                if let s = try item.recovering({ try ServiceConfig(reading: item, defaults: defaults) }) { services.append(s) }
            }
        }
        self.services = services
        redactor = .none
        goldenPath = nil
        impact = []
        storePath = nil
        runbooks = []
        theme = try r.string("theme")
        if theme?.trimmingCharacters(in: .whitespaces).isEmpty == true { r.record(r.error(at: "theme", "must not be empty")) }
        if let policy = try r.child("steps_on_hangup"), let word = try policy.recovering({ try policy.choice(HangupPolicy.allCases.map(\.rawValue)) }) {
            stepsOnHangup = HangupPolicy(rawValue: word)!
        }
        if let store = try r.child("store") {
            let chosen = try store.recovering { () -> (String?, PostgresStoreURL?) in
                _ = try store.requireMapping("{path: …} or {url: postgres://…}")
                defer { try? store.finish() }
                let path = try store.string("path")
                var url: PostgresStoreURL?
                if let text = try store.string("url") {
                    do throws(StoreURLError) {
                        url = try PostgresStoreURL(parsing: text, variables: r.context.environment)
                    } catch {
                        throw store.error(at: "url", "\(PostgresStoreURL.isURL(text) ? "the URL " : "")\(error.problem)")
                    }
                }
                if path != nil && url != nil { throw store.error(at: "url", "give path (a file) or url (a shared database), not both") }
                return (path, url)
            }
            storePath = chosen?.0
            storeURL = chosen?.1
        }
        if let rules = try r.child("impact"), let items = try rules.recovering({ try rules.list() }) {
            var seenRules = Set<String>()
            for item in items {
                guard let rule = try item.recovering({ try ImpactRule(reading: item) }) else { continue }
                if !seenRules.insert(rule.id).inserted {
                    r.record(item.error(at: "id", "duplicate impact rule id '\(rule.id)'"))
                }
                for id in rule.condition.serviceIDs where !declared.contains(id) {
                    r.record(item.error(at: "when", "names service '\(id)', which is not in services"))
                }
                impact.append(rule)
            }
        }
        var stepIDs = Set<String>()
        if let goldenReader {
            stepIDs = Set((try? goldenReader.child("steps"))??.writtenIDs ?? [])
            goldenPath = try goldenReader.recovering { try GoldenPathSpec(reading: goldenReader, defaults: defaults) }
        }
        let targets = RunbookLink.Targets(services: declared, goldenPathSteps: stepIDs, banners: Set((try r.child("impact"))?.writtenIDs ?? []))
        runbooks = try RunbookSources.read(r, targets: targets)
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
}
