import ArgumentParser
import Console
import Foundation
import Monitoring
import Simulator

/// Exit statuses shared by every command (each command's help lists its own).
enum ExitStatus {
    static let ok: Int32 = 0
    static let degraded: Int32 = 1
    /// `runbook run`: the step was not run — a confirmation declined, a phrase that did not
    /// match, or `--yes` / `--confirm` missing where no terminal can ask.
    static let notRun: Int32 = 3
    /// EX_USAGE from sysexits.h: a wrong runbook, step or parameter.
    static let usage: Int32 = 64
    /// EX_CONFIG from sysexits.h: the config is wrong.
    static let configError: Int32 = 78
    /// Ended by a signal, as shells report it: 128 + the signal's number (130 for SIGINT or
    /// Ctrl-C, 129 for SIGHUP, 143 for SIGTERM).
    static func signal(_ number: Int32) -> Int32 { 128 + number }
}

/// How the screen looks: `--theme`, `--ascii`.
struct LookOptions: ParsableArguments {
    @Option(help: "Theme name (from themes/) or path to a theme file. Also WARROOM_THEME, or theme: in the config.")
    var theme: String?

    @Flag(help: "Draw with ASCII only (chosen anyway when the locale is not UTF-8).")
    var ascii = false

    /// The theme from `--theme`, else `WARROOM_THEME`, else `config`'s `theme:`, else `default`.
    func loadTheme(config: WarroomConfig? = nil) throws -> Theme {
        do {
            return try ThemeLoader.load(ThemeLoader.choice(option: theme, config: config))
        } catch let e as ConfigErrors {
            Output.error("warroom: bad theme\n\(e)")
            throw ExitCode(ExitStatus.configError)
        }
    }

    /// False when `NO_COLOR` is set (https://no-color.org).
    var colors: Bool {
        let v = ProcessInfo.processInfo.environment["NO_COLOR"]
        return v == nil || v == ""
    }
}

/// Where the config comes from: a file, or the demo's simulated staging.
struct ConfigSourceOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Path to a Warroom config file (YAML).")
    var config: String?

    @Flag(help: "Use the built-in demo: start the simulated staging and watch it.")
    var demo = false

    @Option(help: "Demo only: the simulator's scenario (\(Scenario.allCases.map(\.rawValue).joined(separator: ", "))).")
    var scenario: Scenario = .outage

    func validate() throws {
        if config == nil && !demo { throw ValidationError("Give --config FILE or --demo.") }
        if config != nil && demo { throw ValidationError("Give either --config FILE or --demo, not both.") }
    }

    /// Loads the config, starting the simulator first for `--demo`. Config errors go to
    /// stderr and end the command with status 78.
    func load() throws -> (WarroomConfig, SimulatedStaging?) {
        if let path = config {
            return (try loadConfig(path: path), nil)
        }
        let options = SimulatorOptions(scenario: scenario, timeScale: DemoSettings.timeScale)
        let sim = try Blocking.run { try await SimulatedStaging.start(options) }
        return (try DemoConfig.config(simulatorURL: sim.baseURL), sim)
    }
}

/// Settings of the demo's simulated staging.
enum DemoSettings {
    /// Simulated seconds per real second: the 20 s DATABASE timeout plays in 5 s.
    static let timeScale = 4.0
}

extension Scenario: ExpressibleByArgument {}
extension SimulatedCertificate.Validity: ExpressibleByArgument {}

/// Loads a config file, or prints its errors and ends the command with status 78.
func loadConfig(path: String) throws -> WarroomConfig {
    do {
        return try WarroomConfig.load(path: path)
    } catch let e as ConfigErrors {
        Output.error("\(e)")
        throw ExitCode(ExitStatus.configError)
    }
}
