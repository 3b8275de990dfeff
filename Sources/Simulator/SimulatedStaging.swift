import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging

/// The built-in simulated staging: an HTTP + WebSocket server that plays the services of the
/// staging outage (backend, auth, frontend, chat socket) and writes the backend's log.
///
/// Start it with `start(_:)`, point probes at `baseURL`, stop it with `stop()`. It installs no
/// signal handlers and logs nothing to the terminal; the embedding program owns both.
public final class SimulatedStaging: Sendable {
    /// The port the server listens on.
    public let port: Int
    /// `http://HOST:PORT`, for building probe URLs.
    public let baseURL: String
    /// The backend's plain-text log.
    public let logFile: String
    /// The same events as JSON lines.
    public let jsonLogFile: String
    /// Which paths misbehave how; change it while the server runs.
    public let faults: FaultTable
    /// The certificate served when the server speaks HTTPS (`SimulatorOptions.tls`).
    public let certificate: SimulatedCertificate?

    private let world: StagingWorld
    private let log: BackendLog
    private let server: Task<Void, any Error>
    private let ticker: Task<Void, Never>

    private init(port: Int, host: String, world: StagingWorld, log: BackendLog, faults: FaultTable, certificate: SimulatedCertificate?,
                 server: Task<Void, any Error>, ticker: Task<Void, Never>) {
        self.port = port
        self.baseURL = "\(certificate == nil ? "http" : "https")://\(Self.urlHost(host)):\(port)"
        self.faults = faults
        self.certificate = certificate
        self.logFile = log.textPath
        self.jsonLogFile = log.jsonPath
        self.world = world
        self.log = log
        self.server = server
        self.ticker = ticker
    }

    /// Starts the simulator on the replay of the incident: simulated time begins at
    /// 2026-11-25 16:47:37.623 UTC and runs `options.timeScale` times faster than real time.
    /// Returns once the server is listening.
    public static func start(_ options: SimulatorOptions) async throws -> SimulatedStaging {
        guard options.timeScale.isFinite, options.timeScale > 0 else {
            throw SimulatorError.invalidTimeScale(options.timeScale)
        }
        return try await start(options, clock: ScaledClock(startingAt: Incident.replayStart, timeScale: options.timeScale))
    }

    /// Starts the simulator with simulated time read from `clock` (`options.timeScale` is then
    /// unused). The scenario's history is laid out to end at the clock's current time.
    public static func start(_ options: SimulatorOptions, clock: some SimulationClock) async throws -> SimulatedStaging {
        guard (0...65535).contains(options.port) else {
            throw SimulatorError.invalidPort(options.port)
        }
        let faults = FaultTable()
        for (path, fault) in options.faults.sorted(by: { $0.key < $1.key }) {
            do throws(FaultRefusal) {
                try faults.set(fault, on: path)
            } catch {
                throw SimulatorError.invalidFault(error.description)
            }
        }
        let certificate: SimulatedCertificate?
        do {
            certificate = try options.tls.map { try SimulatedCertificate($0) }
        } catch {
            throw SimulatorError.serverFailed("cannot make the TLS certificate: \(error)")
        }
        let log = try BackendLog(directory: options.logDirectory ?? BackendLog.temporaryDirectory())
        let world = StagingWorld(scenario: options.scenario, clock: clock, log: log)
        let sessions = SessionTokens()
        var builder = HTTPServerBuilder.http1WebSocketUpgrade(webSocketRouter: webSocketRouter(world: world, sessions: sessions, faults: faults))
        if let certificate {
            builder = try .tls(builder, tlsConfiguration: certificate.serverConfiguration)
        }

        let (listening, listeningContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router(world: world, sessions: sessions, faults: faults),
            server: builder,
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port)),
            onServerRunning: { channel in
                listeningContinuation.yield(channel.localAddress?.port ?? options.port)
            },
            logger: quietLogger()
        )
        let server = Task {
            defer { listeningContinuation.finish() }
            try await application.run()
        }
        guard let port = await listening.first(where: { _ in true }) else {
            log.close()
            switch await server.result {
            case .failure(let error): throw SimulatorError.serverFailed(String(describing: error))
            case .success: throw SimulatorError.serverFailed("server stopped before listening")
            }
        }
        let ticker = Task {
            // Keeps the log growing with simulated time even when nobody asks.
            while !Task.isCancelled {
                world.advance()
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        return SimulatedStaging(port: port, host: options.host, world: world, log: log, faults: faults, certificate: certificate,
                                server: server, ticker: ticker)
    }

    /// The scenario being played.
    public var scenario: Scenario {
        world.scenario
    }

    /// Switches the scenario live (see `Scenario` and `PUT /admin/scenario`).
    public func setScenario(_ s: Scenario) {
        world.switchScenario(to: s)
    }

    /// Stops the server and the timeline and closes the log files. The log files stay on disk.
    public func stop() async {
        faults.releaseAll()
        server.cancel()
        _ = await server.result
        ticker.cancel()
        await ticker.value
        log.close()
    }

    private static func router(world: StagingWorld, sessions: SessionTokens, faults: FaultTable) -> Router<StagingRequestContext> {
        let router = Router(context: StagingRequestContext.self)
        router.middlewares.add(FaultMiddleware(faults: faults))
        IndexRoutes(world: world).register(on: router)
        BackendRoutes(world: world).register(on: router)
        AuthRoutes(world: world, sessions: sessions).register(on: router)
        FrontendRoutes().register(on: router)
        ChatRoutes(world: world, sessions: sessions, faults: faults).register(on: router)
        AdminRoutes(world: world, faults: faults).register(on: router)
        return router
    }

    private static func webSocketRouter(world: StagingWorld, sessions: SessionTokens, faults: FaultTable) -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        ChatRoutes(world: world, sessions: sessions, faults: faults).register(on: router)
        return router
    }

    /// Hummingbird's logger, silenced below critical so it never writes into the terminal UI.
    private static func quietLogger() -> Logger {
        var logger = Logger(label: "warroom.simulator")
        logger.logLevel = .critical
        return logger
    }

    /// The host as it goes in a URL: wildcard addresses become loopback, IPv6 gets brackets.
    private static func urlHost(_ host: String) -> String {
        switch host {
        case "0.0.0.0", "": "127.0.0.1"
        case "::": "[::1]"
        case _ where host.contains(":"): "[\(host)]"
        default: host
        }
    }
}
