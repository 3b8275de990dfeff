import ArgumentParser

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
}
