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

    @Option(name: .customLong("fault"), help: ArgumentHelp(
        "Make a path misbehave, as PATH=FAULT (repeatable). Faults: \(Fault.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "path=fault"))
    var faults: [String] = []

    @Option(help: ArgumentHelp("Serve HTTPS with a self-signed certificate: \(SimulatedCertificate.Validity.allCases.map(\.rawValue).joined(separator: ", ")).",
                               valueName: "validity"))
    var tls: SimulatedCertificate.Validity?

    @Option(help: ArgumentHelp("With --tls: write the certificate (PEM) here, for a check's tls.ca_file.", valueName: "file"))
    var certOut: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
        guard timeScale > 0 && timeScale <= 1000 else { throw ValidationError("--time-scale must be above 0 and at most 1000") }
        _ = try faultTable()
        if certOut != nil && tls == nil { throw ValidationError("--cert-out needs --tls") }
    }

    /// `--fault` values by path.
    func faultTable() throws -> [String: Fault] {
        var table: [String: Fault] = [:]
        for item in faults {
            guard let eq = item.firstIndex(of: "="), let fault = Fault(rawValue: String(item[item.index(after: eq)...])) else {
                throw ValidationError("--fault takes PATH=FAULT with FAULT one of \(Fault.allCases.map(\.rawValue).joined(separator: ", ")); got '\(item)'")
            }
            let path = String(item[..<eq])
            do throws(FaultRefusal) {
                try FaultTable.check(fault, on: path)
            } catch {
                throw ValidationError("--fault \(item): \(error)")
            }
            table[path] = fault
        }
        return table
    }

    func run() throws {
        let options = SimulatorOptions(port: port, scenario: scenario, timeScale: timeScale, faults: try faultTable(), tls: tls)
        let sim = try Blocking.run { try await SimulatedStaging.start(options) }
        if let certOut, let certificate = sim.certificate {
            try Data(certificate.certificatePEM.utf8).write(to: URL(fileURLWithPath: certOut))
        }
        let ws = sim.baseURL.replacingOccurrences(of: "http", with: "ws")
        Output.line("simulated staging on \(sim.baseURL) — scenario \(sim.scenario.rawValue), time x\(timeScale)")
        Output.line("  health    \(sim.baseURL)/backend/health  /auth/health  /frontend/health  /backend/api/agent/status")
        Output.line("  startup   \(sim.baseURL)/backend/startup")
        Output.line("  login     POST \(sim.baseURL)/auth/login {\"username\":…,\"password\":…}")
        Output.line("  chat      \(ws)/ws/chat (Authorization: Bearer <token>)")
        Output.line("  admin     \(sim.baseURL)/admin/scenario  /admin/connector/scale  /admin/backend/restart")
        Output.line("  faults    \(sim.baseURL)/admin/faults  PUT {\"path\":…,\"fault\":…}")
        for (path, fault) in sim.faults.all.sorted(by: { $0.key < $1.key }) {
            Output.line("            \(path): \(fault) — \(fault.summary)")
        }
        if let certificate = sim.certificate {
            Output.line("  tls       self-signed, valid until \(certificate.notValidAfter.formatted(.iso8601))\(certOut.map { "; certificate in \($0)" } ?? "")")
        }
        Output.line("  logs      \(sim.logFile)  \(sim.jsonLogFile)")
        Output.line("Ctrl-C to stop.")
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
