import Foundation
import Monitoring

/// A step made ready to run: the exact arguments, environment and directory, with the
/// operator's values checked and placed.
///
/// Contract: `resolve` checks every parameter (a missing value takes the default; without one
/// it is refused) and refuses values for parameters the step does not have. Values reach the
/// process only as `WARROOM_PARAM_…` variables and as whole arguments written `{name}`; no
/// shell sees them unless the step is a shell line, which reads them from its environment. A
/// shell step runs as `/bin/sh -c <line>`. The `shown…` forms and `redactor` hide the
/// config's secrets and the values of secret parameters.
public struct StepInvocation: Hashable, Sendable {
    public var runbookID: String
    public var stepID: String
    /// The program and its arguments, exactly as the process gets them.
    public var argv: [String]
    /// The whole environment of the process: inherited, then the step's `env`, then the parameters.
    public var environment: [String: String]
    public var workingDirectory: String?
    public var timeout: Seconds
    public var expectation: StepExpectation
    /// `argv` for display and the audit log.
    public var shownArgv: [String]
    /// Parameter values by name for display and the audit log; secrets are `•••`.
    public var shownParameters: [String: String]
    /// Hides the config's secrets and secret parameter values in output.
    public var redactor: SecretRedactor

    public init(runbookID: String, stepID: String, argv: [String], environment: [String: String], workingDirectory: String? = nil, timeout: Seconds = RunbookStep.defaultTimeout, expectation: StepExpectation = StepExpectation(), shownArgv: [String]? = nil, shownParameters: [String: String] = [:], redactor: SecretRedactor = .none) {
        self.runbookID = runbookID
        self.stepID = stepID
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.expectation = expectation
        self.shownArgv = shownArgv ?? argv
        self.shownParameters = shownParameters
        self.redactor = redactor
    }

    public static let secretMask = "•••"

    /// The invocation for `step` of `runbook` with the operator's `values` by parameter name;
    /// throws the first refusal, in the step's parameter order.
    public static func resolve(step: RunbookStep, runbook: Runbook, values: [String: String], redactor: SecretRedactor, inheritedEnvironment: [String: String] = ProcessInfo.processInfo.environment) throws(ParameterRefusal) -> StepInvocation {
        if let unknown = values.keys.sorted().first(where: { name in !step.parameters.contains { $0.name == name } }) {
            throw ParameterRefusal(parameter: unknown, reason: "step '\(step.id)' has no parameter '\(unknown)'")
        }
        var accepted: [String: String] = [:]
        for parameter in step.parameters {
            // A default is the config's own word; a given value is checked for where it goes.
            if let given = values[parameter.name].flatMap({ $0.isEmpty ? nil : $0 }) {
                accepted[parameter.name] = try step.validate(parameter, given).get()
            } else if let fallback = parameter.defaultValue {
                accepted[parameter.name] = try parameter.validate(fallback).get()
            } else {
                throw ParameterRefusal(parameter: parameter.name, reason: "a value is required")
            }
        }
        let secretParameters = Set(step.parameters.filter(\.secret).map(\.name))
        let secretValues = secretParameters.compactMap { accepted[$0] }.filter { $0.count >= 4 }
        let outputRedactor = SecretRedactor(redactor.secrets + secretValues)

        var argv: [String]
        var shownArgv: [String]
        switch step.command {
        case .argv(let words):
            argv = []
            shownArgv = []
            for word in words {
                if let name = StepCommand.placeholder(in: word), let value = accepted[name] {
                    argv.append(value)
                    shownArgv.append(secretParameters.contains(name) ? secretMask : outputRedactor.redact(value))
                } else {
                    argv.append(word)
                    shownArgv.append(outputRedactor.redact(word))
                }
            }
        case .shell(let line):
            argv = ["/bin/sh", "-c", line]
            shownArgv = ["/bin/sh", "-c", outputRedactor.redact(line)]
        }

        var environment = inheritedEnvironment.filter { !$0.key.hasPrefix("WARROOM_PARAM_") }
        environment.merge(step.environment) { _, step in step }
        for parameter in step.parameters {
            environment[parameter.environmentName] = accepted[parameter.name]
        }
        var shownParameters: [String: String] = [:]
        for (name, value) in accepted {
            shownParameters[name] = secretParameters.contains(name) ? secretMask : outputRedactor.redact(value)
        }
        return StepInvocation(
            runbookID: runbook.id, stepID: step.id, argv: argv, environment: environment,
            workingDirectory: step.workingDirectory, timeout: step.timeout, expectation: step.expectation,
            shownArgv: shownArgv, shownParameters: shownParameters, redactor: outputRedactor
        )
    }
}
