import ArgumentParser
import Foundation
import Monitoring

/// `warroom validate --config FILE`: check a config without running it.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a config file; exit 0 when valid, 78 with the errors when not."
    )

    @Option(name: .shortAndLong, help: "Path to a Warroom config file (YAML).")
    var config: String

    func run() throws {
        let cfg = try loadConfig(path: config)
        Output.line("\(config): ok — environment '\(cfg.environment)', \(cfg.services.count) service(s)")
    }
}
