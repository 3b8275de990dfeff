import ArgumentParser
import Console
import Simulator

/// `warroom wall`: the console as a wallboard — read-only by construction.
struct Wall: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A wallboard: the outage for a reader across the room, pages that turn, nothing that runs.",
        discussion: "No runbook can run from a wallboard: the runner is never created, and no banner is acknowledged. q quits and T switches the theme; no other key does anything. With --config FILE, kill -USR1 <pid> reads the file again. Exit status: 0 after q, 129/130/143 after SIGHUP/SIGINT/SIGTERM, 78 config error."
    )

    @OptionGroup var source: ConfigSourceOptions
    @OptionGroup var look: LookOptions
    @OptionGroup var history: StoreOptions

    @Option(help: "Seconds between pages (0 keeps the overview).")
    var rotate: Double = 15

    func validate() throws {
        guard rotate.isFinite, rotate >= 0, rotate <= 86_400 else { throw ValidationError("--rotate must be 0 to 86400 seconds") }
    }

    func run() throws {
        let theme = try look.loadTheme()
        let (config, sim) = try source.load()
        defer { if let sim { try? Blocking.run { await sim.stop() } } }
        let code = ConsoleSession.run(config: config, options: .init(theme: theme, asciiOnly: look.ascii, colors: look.colors, readOnly: true, wall: rotate, configFile: source.config),
                                      store: try history.choice(for: config))
        if code != 0 { throw ExitCode(code) }
    }
}
