import ArgumentParser
import Foundation
import Simulator

/// `warroom sim`: run the simulated staging on its own, for other tools or configs to watch.
struct Sim: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the simulated staging standalone.",
        discussion: "Switch scenarios while it runs: curl -X PUT localhost:PORT/admin/scenario -d '{\"scenario\":\"healthy\"}'"
    )

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "Scenario: \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")).")
    var scenario: Scenario = .outage

    @Option(help: "Simulated seconds per real second.")
    var timeScale: Double = 1.0

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
        guard timeScale > 0 && timeScale <= 1000 else { throw ValidationError("--time-scale must be above 0 and at most 1000") }
    }

    func run() throws {
        let options = SimulatorOptions(port: port, scenario: scenario, timeScale: timeScale)
        let sim = try Blocking.run { try await SimulatedStaging.start(options) }
        let ws = sim.baseURL.replacingOccurrences(of: "http://", with: "ws://")
        print("simulated staging on \(sim.baseURL) — scenario \(sim.scenario.rawValue), time x\(timeScale)")
        print("  health    \(sim.baseURL)/backend/health  /auth/health  /frontend/health  /backend/api/agent/status")
        print("  startup   \(sim.baseURL)/backend/startup")
        print("  login     POST \(sim.baseURL)/auth/login {\"username\":…,\"password\":…}")
        print("  chat      \(ws)/ws/chat (Authorization: Bearer <token>)")
        print("  admin     \(sim.baseURL)/admin/scenario  /admin/connector/scale  /admin/backend/restart")
        print("  logs      \(sim.logFile)  \(sim.jsonLogFile)")
        print("Ctrl-C to stop.")
        fflush(nil)
        SignalWait.untilInterrupted()
        try? Blocking.run { await sim.stop() }
    }
}

/// Blocks the calling thread until SIGINT or SIGTERM.
enum SignalWait {
    static func untilInterrupted() {
        let done = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { @Sendable in done.signal() }
            source.resume()
            sources.append(source)
        }
        done.wait()
        sources.forEach { $0.cancel() }
    }
}
