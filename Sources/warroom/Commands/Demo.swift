import ArgumentParser
import Simulator

/// `warroom demo`: the console against the built-in simulated staging, no files needed.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a simulated staging outage (no setup needed).",
        discussion: "Starts the simulated staging on a free loopback port and the console on a config pointing at it."
    )

    @Option(help: "The simulator's scenario (\(Scenario.allCases.map(\.rawValue).joined(separator: ", "))).")
    var scenario: Scenario = .outage

    @OptionGroup var look: LookOptions
    @OptionGroup var history: StoreOptions

    @Flag(name: .customLong("read-only"), help: "Browse runbooks but never run anything, acknowledge a banner or write a report from this console.")
    var readOnly = false

    @Flag(help: "Wallboard mode: large banner, rotating pages, nothing runs; q quits and T switches the theme.")
    var wall = false

    @Option(help: "Wallboard mode: seconds between pages (0 keeps the overview).")
    var rotate: Double = 15

    func validate() throws {
        guard rotate.isFinite, rotate >= 0, rotate <= 86_400 else { throw ValidationError("--rotate must be 0 to 86400 seconds") }
    }

    func run() throws {
        let theme = try look.loadTheme()
        let options = SimulatorOptions(scenario: scenario, timeScale: DemoSettings.timeScale)
        let sim = try Blocking.run { try await SimulatedStaging.start(options) }
        defer { try? Blocking.run { await sim.stop() } }
        let config = try DemoConfig.config(simulatorURL: sim.baseURL)
        let code = ConsoleSession.run(config: config, options: .init(theme: theme, asciiOnly: look.ascii, colors: look.colors, readOnly: readOnly, wall: wall ? rotate : nil),
                                      store: try history.choice(for: config))
        if code != 0 { throw ExitCode(code) }
    }
}
