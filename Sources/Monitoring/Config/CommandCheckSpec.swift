/// A command check: run a program (or a shell command line) and judge its exit status.
///
/// Contract: exactly one of an argument list (`run`) or a shell string (`shell`, run with
/// `/bin/sh -c`); `env` is added to the inherited environment; the check passes when the
/// exit status is one of `okExitCodes`.
public struct CommandCheckSpec: Hashable, Sendable {
    public enum Command: Hashable, Sendable {
        /// The program and its arguments, with no shell in between.
        case arguments([String])
        /// A command line for `/bin/sh -c`.
        case shell(String)
    }

    public var command: Command
    public var workingDirectory: String?
    public var environment: [String: String]
    public var okExitCodes: Set<Int>

    public init(command: Command, workingDirectory: String? = nil, environment: [String: String] = [:], okExitCodes: Set<Int> = [0]) {
        self.command = command
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.okExitCodes = okExitCodes
    }

    /// The command as a person would type it: `kubectl get pods -n staging`.
    public var commandLine: String {
        switch command {
        case .arguments(let words): return words.map(CommandCheckSpec.quoted).joined(separator: " ")
        case .shell(let line): return line
        }
    }

    static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "-_./:=@%+,".unicodeScalars.contains($0)) }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    init(reading r: ConfigReader) throws {
        switch (try r.child("run"), try r.child("shell")) {
        case (.some, .some):
            throw r.error(at: "shell", "give either run (a list of words) or shell (a command line), not both")
        case (nil, nil):
            throw r.error(at: "run", "required key 'run' (a list such as [kubectl, get, pods]) or 'shell' (a command line) is missing")
        case (let run?, nil):
            guard run.node.sequence != nil else {
                throw run.error("expected a list such as [kubectl, get, pods]; for a command line use shell:")
            }
            let words = try run.list().map { try $0.string() }
            guard let first = words.first else { throw run.error("must not be empty") }
            if first.trimmingCharacters(in: .whitespaces).isEmpty { throw run.error("the program name must not be empty") }
            command = .arguments(words)
        case (nil, let shell?):
            let line = try shell.string()
            if line.trimmingCharacters(in: .whitespaces).isEmpty { throw shell.error("must not be empty") }
            command = .shell(line)
        }
        workingDirectory = try r.has("cwd") ? r.requiredString("cwd") : nil
        environment = [:]
        if let env = try r.child("env") {
            for (key, value) in try env.entries() {
                guard !key.isEmpty, !key.contains("="), !key.contains("\0") else {
                    throw value.error("'\(key)' is not a valid environment variable name")
                }
                environment[key] = try value.string()
            }
        }
        if let codes = try r.child("ok_exit_codes") {
            okExitCodes = try Set(codes.listOrSingle().map { item in
                let code = try item.int()
                guard (0...255).contains(code) else { throw item.error("an exit code is between 0 and 255, found \(code)") }
                return code
            })
            if okExitCodes.isEmpty { throw codes.error("must not be empty") }
        } else {
            okExitCodes = [0]
        }
    }
}
