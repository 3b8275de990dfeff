/// One rule of a log source: a regular expression, and what a matching line says about the
/// startup, as templates filled from the match's groups (`$0` the whole match, `$1`…`$9`).
///
/// ```yaml
/// - match: 'Phase \d+ (\w+) completed in ([0-9.]+)s'
///   phase: '$1'
///   status: ok
///   elapsed: '$2'
/// ```
/// Keys: `match` (required), `new_attempt: true`, and templates for `phase`, `elapsed`,
/// `timeout`, `error`, `attempt`, `revision`, `exit_code`, `restarts`, `state`; `status` is a
/// phase status written out (pending, running, ok, failed, timeout, skipped). Phase fields
/// without `phase` apply to the running phase.
public struct StartupLogRule: Hashable, Sendable {
    public var pattern: LogPattern
    public var newAttempt: Bool
    public var phase: String?
    public var status: PhaseStatus?
    public var elapsed: String?
    public var timeout: String?
    public var error: String?
    public var attempt: String?
    public var revision: String?
    public var exitCode: String?
    public var restarts: String?
    public var state: String?

    public init(pattern: LogPattern, newAttempt: Bool = false, phase: String? = nil, status: PhaseStatus? = nil,
                elapsed: String? = nil, timeout: String? = nil, error: String? = nil, attempt: String? = nil,
                revision: String? = nil, exitCode: String? = nil, restarts: String? = nil, state: String? = nil) {
        self.pattern = pattern
        self.newAttempt = newAttempt
        self.phase = phase
        self.status = status
        self.elapsed = elapsed
        self.timeout = timeout
        self.error = error
        self.attempt = attempt
        self.revision = revision
        self.exitCode = exitCode
        self.restarts = restarts
        self.state = state
    }

    /// What one matching line says, templates filled.
    struct Effect: Equatable {
        var newAttempt = false
        var phase: String?
        var status: PhaseStatus?
        var elapsed: String?
        var timeout: String?
        var error: String?
        var attempt: String?
        var revision: String?
        var exitCode: String?
        var restarts: String?
        var state: String?
    }

    /// The effect of `line`, or nil when the rule does not match it.
    func effect(of line: String) -> Effect? {
        guard let groups = pattern.groups(in: line) else { return nil }
        func fill(_ template: String?) -> String? {
            template.map { StartupLogRule.fill($0, groups) }
        }
        return Effect(
            newAttempt: newAttempt, phase: fill(phase), status: status, elapsed: fill(elapsed),
            timeout: fill(timeout), error: fill(error), attempt: fill(attempt), revision: fill(revision),
            exitCode: fill(exitCode), restarts: fill(restarts), state: fill(state)
        )
    }

    /// `template` with `$0`…`$9` replaced by the groups (empty when a group is missing).
    static func fill(_ template: String, _ groups: [String]) -> String {
        guard template.contains("$") else { return template }
        var out = ""
        var chars = template.makeIterator()
        var pending = chars.next()
        while let c = pending {
            pending = chars.next()
            if c == "$", let d = pending, let n = d.wholeNumberValue, d.isASCII {
                out += n < groups.count ? groups[n] : ""
                pending = chars.next()
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The group numbers a template refers to.
    static func references(in template: String) -> [Int] {
        let chars = Array(template)
        return chars.indices.dropLast().compactMap { i in
            chars[i] == "$" && chars[i + 1].isASCII ? chars[i + 1].wholeNumberValue : nil
        }
    }

    static let templateKeys = ["phase", "elapsed", "timeout", "error", "attempt", "revision", "exit_code", "restarts", "state"]

    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping("a rule such as {match: 'exit code (\\d+)', exit_code: '$1'}")
        let source = try r.requiredString("match")
        guard let pattern = LogPattern(source) else {
            throw r.error(at: "match", "not a valid regular expression: '\(source)'")
        }
        self.pattern = pattern
        var templates: [String: String] = [:]
        for key in StartupLogRule.templateKeys {
            guard let c = try r.child(key) else { continue }
            let text = try c.string()
            if let n = StartupLogRule.references(in: text).first(where: { $0 > pattern.groupCount }) {
                let groups = pattern.groupCount == 1 ? "1 group" : "\(pattern.groupCount) groups"
                throw c.error("refers to $\(n) but the pattern has \(groups)")
            }
            templates[key] = text
        }
        newAttempt = try r.bool("new_attempt", default: false)
        status = try r.child("status").map { PhaseStatus(rawValue: try $0.choice(PhaseStatus.allCases.map(\.rawValue))) } ?? nil
        phase = templates["phase"]
        elapsed = templates["elapsed"]
        timeout = templates["timeout"]
        error = templates["error"]
        attempt = templates["attempt"]
        revision = templates["revision"]
        exitCode = templates["exit_code"]
        restarts = templates["restarts"]
        state = templates["state"]
        if templates.isEmpty && status == nil && !newAttempt {
            throw r.error("sets nothing; give new_attempt, phase, status or another of: \(StartupLogRule.templateKeys.joined(separator: ", "))")
        }
        try r.finish()
    }
}
