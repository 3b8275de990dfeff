/// Where the fields of our startup schema sit in another JSON shape, as simple paths
/// (`data.stages`, `stage`, `meta.run`).
///
/// Config: every key is optional and defaults to our schema's field —
/// top level: `phases` (the list), `service`, `attempt`, `revision`, `state`, `exit_code`,
/// `restarts`, `updated_at`; inside each phase item: `name`, `status`, `started_at`,
/// `ended_at`, `elapsed` (`elapsed_s`), `timeout` (`timeout_s`), `error`; and
/// `status_values: {succeeded: ok, …}` for status words other than ours. A status is matched
/// case-insensitively against ours first, then against `status_values`. The two times take a
/// unit: `elapsed: {path: ms, unit: ms}` (`ns us ms s m h`, default `s`); text in them may also
/// be a Go-style duration (`"1.5s"`, `"1m30s"`), whatever the unit (see `TimeUnit`).
public struct StartupMapping: Hashable, Sendable {
    public var phases: JSONPath
    public var service: JSONPath
    public var attempt: JSONPath
    public var revision: JSONPath
    public var state: JSONPath
    public var exitCode: JSONPath
    public var restarts: JSONPath
    public var updatedAt: JSONPath
    public var name: JSONPath
    public var status: JSONPath
    public var startedAt: JSONPath
    public var endedAt: JSONPath
    public var elapsed: JSONPath
    public var timeout: JSONPath
    public var error: JSONPath
    /// The units `elapsed` and `timeout` are written in.
    public var elapsedUnit: TimeUnit = .s
    public var timeoutUnit: TimeUnit = .s
    /// Foreign status words (lowercased) and what they mean.
    public var statusValues: [String: PhaseStatus]

    /// Our own schema.
    public static let standard = StartupMapping()

    private init() {
        phases = StartupMapping.path("phases")
        service = StartupMapping.path("service")
        attempt = StartupMapping.path("attempt")
        revision = StartupMapping.path("revision")
        state = StartupMapping.path("state")
        exitCode = StartupMapping.path("exit_code")
        restarts = StartupMapping.path("restarts")
        updatedAt = StartupMapping.path("updated_at")
        name = StartupMapping.path("name")
        status = StartupMapping.path("status")
        startedAt = StartupMapping.path("started_at")
        endedAt = StartupMapping.path("ended_at")
        elapsed = StartupMapping.path("elapsed_s")
        timeout = StartupMapping.path("timeout_s")
        error = StartupMapping.path("error")
        statusValues = [:]
    }

    /// A path written in this file, known to be well formed.
    private static func path(_ text: String) -> JSONPath {
        guard let p = JSONPath(text) else { preconditionFailure("malformed built-in path '\(text)'") }
        return p
    }

    /// Our status for a word of the source: ours (case-insensitive), then `statusValues`.
    func status(for word: String) -> PhaseStatus? {
        PhaseStatus(matching: word) ?? statusValues[word.lowercased()]
    }

    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping("a mapping such as {phases: data.stages, name: stage}")
        self = .standard
        func read(_ key: String, into field: inout JSONPath) throws {
            guard let c = try r.child(key) else { return }
            let text = try c.string()
            guard let p = JSONPath(text) else { throw c.error("'\(text)' is not a path such as data.stages or items[0].state") }
            field = p
        }
        /// A time field: a path, or `{path: …, unit: ms}`.
        func readTime(_ key: String, into field: inout JSONPath, unit: inout TimeUnit) throws {
            guard let c = try r.child(key) else { return }
            guard c.node.mapping != nil else { return try read(key, into: &field) }
            let text = try c.requiredString("path")
            guard let p = JSONPath(text) else { throw c.error(at: "path", "'\(text)' is not a path such as data.stages or items[0].state") }
            field = p
            if let u = try c.child("unit") { unit = TimeUnit(rawValue: try u.choice(TimeUnit.allCases.map(\.rawValue)))! }
            try c.finish()
        }
        try read("phases", into: &phases)
        try read("service", into: &service)
        try read("attempt", into: &attempt)
        try read("revision", into: &revision)
        try read("state", into: &state)
        try read("exit_code", into: &exitCode)
        try read("restarts", into: &restarts)
        try read("updated_at", into: &updatedAt)
        try read("name", into: &name)
        try read("status", into: &status)
        try read("started_at", into: &startedAt)
        try read("ended_at", into: &endedAt)
        try readTime("elapsed", into: &elapsed, unit: &elapsedUnit)
        try readTime("timeout", into: &timeout, unit: &timeoutUnit)
        try read("error", into: &error)
        if let values = try r.child("status_values") {
            for (word, meaning) in try values.entries() {
                statusValues[word.lowercased()] = PhaseStatus(rawValue: try meaning.choice(PhaseStatus.allCases.map(\.rawValue)))
            }
        }
        try r.finish()
    }
}
