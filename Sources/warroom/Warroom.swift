import ArgumentParser
import Foundation

/// `warroom`: an incident console for the terminal.
@main
struct Warroom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warroom",
        abstract: "An incident console for the terminal: live service health, in one screen.",
        discussion: "Start with `warroom demo`: it runs the console against a built-in simulated staging that "
            + "replays a real outage. Point it at your own services with `warroom run --config FILE`.",
        version: "0.1.0",
        subcommands: [Demo.self, Run.self, Wall.self, Snapshot.self, Check.self, Report.self, RunbookCommand.self, AuditCommand.self, Validate.self, Sim.self, HTTP.self]
    )

    /// Runs the command the arguments name. Help, the version and completion scripts are
    /// printed as written; an error message goes through `Output` like everything else, since
    /// it may quote an argument (`The value '…' is invalid for '--size'`). An argument that is
    /// not UTF-8 is refused before anything runs (exit 64).
    static func main() async {
        // An argument that is not UTF-8 would reach the command as U+FFFD, silently changed.
        for i in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[i], String(validatingCString: raw) == nil else { continue }
            Output.error("warroom: argument \(i) is not valid UTF-8 text; nothing was done")
            Foundation.exit(ExitStatus.usage)
        }
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
            } else if !message.isEmpty {
                Output.error(message)
            }
            Foundation.exit(code.rawValue)
        }
    }
}
