import ArgumentParser
import Monitoring

/// `warroom run --config FILE`: the console on a user's config.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the console on your config.",
        discussion: "Exit status: 0 after q, 130 after Ctrl-C or SIGINT, 143 after SIGTERM, 129 after SIGHUP, 1 when the terminal cannot host the screen, 78 config error."
    )

    @Option(name: .shortAndLong, help: "Path to a Warroom config file (YAML).")
    var config: String

    @OptionGroup var look: LookOptions
    @OptionGroup var history: StoreOptions

    @Flag(name: .customLong("read-only"), help: "Browse runbooks but never run anything, acknowledge a banner or write a report from this console.")
    var readOnly = false

    func run() throws {
        let cfg = try loadConfig(path: config)
        let theme = try look.loadTheme(config: cfg)
        let code = ConsoleSession.run(config: cfg, options: .init(theme: theme, asciiOnly: look.ascii, colors: look.colors, readOnly: readOnly, configFile: config),
                                      store: try history.choice(for: cfg))
        if code != 0 { throw ExitCode(code) }
    }
}
