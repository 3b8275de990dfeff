/// One step of a runbook: a command the operator triggers, what its run must show, and what
/// the operator must do before it runs.
///
/// ```yaml
/// - id: check-timeouts
///   title: Check the timeout configuration
///   description: Compares the deployed timeouts with the known-good values.
///   run: [gcloud, run, services, describe, "{service}", --format=yaml]   # or shell: "…"
///   workdir: ../ops                  # relative to the file the runbook is in
///   env: { CLOUDSDK_CORE_PROJECT: "${GCP_PROJECT}" }
///   timeout: 30s                     # 60s unless said; at most 1h
///   expect: { exit: 0, output_not_matches: 'timeout: 20\.0', on_mismatch: regression }
///   safety: none                     # confirm, or dangerous (with confirm_phrase)
///   params: [ { name: service, type: choice, choices: [backend-staging, auth-staging] } ]
/// ```
///
/// Contract: ids are letters, digits, '-' or '_'; parameter names are unique, and so are the
/// variables they become; `env` never sets a `WARROOM_PARAM_` variable.
public struct RunbookStep: Hashable, Sendable, Identifiable {
    public var id: String
    public var title: String
    public var description: String?
    public var command: StepCommand
    public var workingDirectory: String?
    public var environment: [String: String]
    public var timeout: Seconds
    public var expectation: StepExpectation
    public var safety: StepSafety
    public var parameters: [RunbookParameter]

    public static let defaultTimeout = Seconds(60)
    public static let longestTimeout = Seconds(3600)

    public init(id: String, title: String? = nil, description: String? = nil, command: StepCommand, workingDirectory: String? = nil, environment: [String: String] = [:], timeout: Seconds = RunbookStep.defaultTimeout, expectation: StepExpectation = StepExpectation(), safety: StepSafety = .none, parameters: [RunbookParameter] = []) {
        self.id = id
        self.title = title ?? id
        self.description = description
        self.command = command
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.timeout = timeout
        self.expectation = expectation
        self.safety = safety
        self.parameters = parameters
    }

    /// A value given for `parameter` checked as `RunbookParameter.validate` does, knowing where
    /// this step's command puts it.
    public func validate(_ parameter: RunbookParameter, _ raw: String) -> Result<String, ParameterRefusal> {
        parameter.validate(raw, asOption: command.takesAsOption(parameter.name))
    }

    /// Reads a step; a relative `workdir` is taken from `baseDirectory`.
    init(reading r: ConfigReader, baseDirectory: String) throws {
        _ = try r.requireMapping("a step such as {id: check, title: …, run: [kubectl, get, pods]}")
        id = try r.requiredString("id")
        guard ServiceConfig.isValidID(id) else { throw r.error(at: "id", "'\(id)' must be letters, digits, '-' or '_'") }
        title = try r.string("title") ?? id
        description = try r.string("description")
        var parameters: [RunbookParameter] = []
        for item in try r.child("params")?.list() ?? [] {
            let p = try RunbookParameter(reading: item)
            if let other = parameters.first(where: { $0.name == p.name || $0.environmentName == p.environmentName }) {
                throw item.error(at: "name", other.name == p.name
                    ? "duplicate parameter '\(p.name)'"
                    : "'\(p.name)' and '\(other.name)' would both be \(p.environmentName)")
            }
            parameters.append(p)
        }
        self.parameters = parameters
        command = try StepCommand(reading: r, parameters: parameters)
        if let dir = try r.child("workdir") {
            let path = try dir.string()
            if path.trimmingCharacters(in: .whitespaces).isEmpty { throw dir.error("must not be empty") }
            workingDirectory = PathText.join(baseDirectory, path)
        } else {
            workingDirectory = nil
        }
        environment = [:]
        if let env = try r.child("env") {
            for (key, value) in try env.entries() {
                guard !key.isEmpty, !key.contains("="), !key.contains("\0") else {
                    throw value.error("'\(key)' is not a valid environment variable name")
                }
                if key.hasPrefix("WARROOM_PARAM_") {
                    throw value.error("WARROOM_PARAM_ variables come from the step's params, not from env")
                }
                environment[key] = try value.string()
            }
        }
        timeout = try r.positiveSeconds("timeout", max: RunbookStep.longestTimeout) ?? RunbookStep.defaultTimeout
        expectation = try r.child("expect").map(StepExpectation.init(reading:)) ?? StepExpectation()
        safety = try StepSafety(reading: r, stepID: id)
        try r.finish()
    }
}
