/// What a step runs: a program with its arguments, or a line for `/bin/sh -c`.
///
/// Contract: in an argument list, an argument written exactly `{name}`, where `name` is one
/// of the step's parameters, is replaced by that parameter's value as one whole argument;
/// every other argument, braces or not, is passed as written. A shell line never has values
/// put into it: it reads them from `$WARROOM_PARAM_NAME`.
public enum StepCommand: Hashable, Sendable {
    /// The program and its arguments, with no shell in between (`run:` in config).
    case argv([String])
    /// A command line for `/bin/sh -c` (`shell:` in config).
    case shell(String)

    /// The parameter name when `argument` is exactly `{name}`.
    public static func placeholder(in argument: String) -> String? {
        guard argument.hasPrefix("{"), argument.hasSuffix("}"), argument.count > 2 else { return nil }
        let name = String(argument.dropFirst().dropLast())
        return RunbookParameter.isValidName(name) ? name : nil
    }

    /// Whether the parameter `name` becomes a whole argument before any `--`, where the program
    /// reads options (a shell line takes values from its environment only: never).
    public func takesAsOption(_ name: String) -> Bool {
        guard case .argv(let words) = self else { return false }
        for word in words.dropFirst() {
            if word == "--" { return false }
            if StepCommand.placeholder(in: word) == name { return true }
        }
        return false
    }

    /// The command as a person would type it: `gcloud run services describe backend-staging`.
    public var commandLine: String {
        switch self {
        case .argv(let words): return words.map(CommandCheckSpec.quoted).joined(separator: " ")
        case .shell(let line): return line
        }
    }

    /// Reads `run:` or `shell:` from a step; parameters' variables are left in a shell line
    /// for the shell to read.
    init(reading r: ConfigReader, parameters: [RunbookParameter]) throws {
        switch (try r.child("run"), try r.child("shell")) {
        case (.some, .some):
            throw r.error(at: "shell", "give either run (a list of words) or shell (a command line), not both")
        case (nil, nil):
            throw r.error(at: "run", "required key 'run' (a list such as [gcloud, run, services, list]) or 'shell' (a command line) is missing")
        case (let run?, nil):
            guard run.node.sequence != nil else {
                throw run.error("expected a list such as [gcloud, run, services, list]; for a command line use shell:")
            }
            let words = try run.list().map { item in
                if let m = item.node.mapping, m.count == 1, let key = m.first?.key.scalar?.string, RunbookParameter.isValidName(key) {
                    throw item.error("write \"{\(key)}\" in quotes: without them YAML reads {\(key)} as a mapping")
                }
                return try item.string()
            }
            guard let program = words.first else { throw run.error("must not be empty") }
            if program.trimmingCharacters(in: .whitespaces).isEmpty { throw run.error("the program name must not be empty") }
            if let name = StepCommand.placeholder(in: program), parameters.contains(where: { $0.name == name }) {
                throw run.error("the program must be written out, not taken from parameter '\(name)'")
            }
            self = .argv(words)
        case (nil, let shell?):
            let saved = r.context.deferredNames
            r.context.deferredNames.formUnion(parameters.map(\.environmentName))
            defer { r.context.deferredNames = saved }
            let line = try shell.string()
            if line.trimmingCharacters(in: .whitespaces).isEmpty { throw shell.error("must not be empty") }
            self = .shell(line)
        }
    }
}
