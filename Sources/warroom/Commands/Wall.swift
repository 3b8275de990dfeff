import ArgumentParser
import Console
import Simulator

/// `warroom wall`: the console as a wallboard — read-only by construction.
struct Wall: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A wallboard: the outage for a reader across the room, pages that turn, nothing that runs.",
        discussion: "No runbook can run from a wallboard: the runner is never created. q quits; no other key does anything. With --config FILE, kill -USR1 <pid> reads the file again."
    )

    @OptionGroup var source: ConfigSourceOptions
    @OptionGroup var look: LookOptions
    @OptionGroup var history: StoreOptions

    @Option(help: "Seconds between pages (0 keeps the overview).")
    var rotate: Double = 15

    func validate() throws {
        if rotate < 0 { throw ValidationError("--rotate must be 0 or more seconds") }
    }

    func run() throws {
        let theme = try look.loadTheme()
        let (config, sim) = try source.load()
        defer { if let sim { try? Blocking.run { await sim.stop() } } }
        let code = ConsoleSession.run(config: config, options: .init(theme: theme, asciiOnly: look.ascii, colors: look.colors, readOnly: true, wall: rotate, configFile: source.config),
                                      storePath: history.path(for: config))
        if code != 0 { throw ExitCode(code) }
    }
}
