import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Logs in to PostgreSQL with one fresh connection (no pool), runs the check's query, and
/// closes. The connection time is the latency judged; the query time is reported beside it.
public struct PostgresProbe: Probe {
    public let spec: PostgresCheckSpec
    public let latency: LatencyThresholds
    let group: any EventLoopGroup

    public init(spec: PostgresCheckSpec, latency: LatencyThresholds, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.spec = spec
        self.latency = latency
        self.group = group
    }

    static let logger = Logger(label: "warroom.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    public func run(timeout: Seconds) async -> ProbeOutcome {
        let configuration: PostgresConnection.Configuration
        do {
            configuration = try makeConfiguration(timeout: timeout)
        } catch {
            return ProbeOutcome(status: .fail, reason: "TLS setup failed: \(error)")
        }
        return await withTaskGroup(of: ProbeOutcome.self) { group in
            group.addTask { await self.connectAndQuery(configuration, timeout: timeout) }
            group.addTask {
                try? await Task.sleep(for: timeout.duration)
                return .timedOut(after: timeout)
            }
            let first = await group.next()!
            group.cancelAll()
            return first
        }
    }

    func makeConfiguration(timeout: Seconds) throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(host: spec.host, port: spec.port, username: spec.user,
                                                             password: spec.password, database: spec.database, tls: try spec.tls.driverSetting())
        configuration.options.connectTimeout = TimeAmount(timeout.duration)
        return configuration
    }

    /// Connects, queries and closes; a cancelled task closes the connection at once.
    func connectAndQuery(_ configuration: PostgresConnection.Configuration, timeout: Seconds) async -> ProbeOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(on: group.next(), configuration: configuration, id: 1, logger: PostgresProbe.logger)
        } catch {
            return ProbeOutcome(status: .fail, reason: reason(for: error, timeout: timeout, during: .connect))
        }
        let connected = clock.now - start
        let queryStart = clock.now
        let rows: Int
        do {
            rows = try await withTaskCancellationHandler {
                var count = 0
                for try await _ in try await connection.query(PostgresQuery(unsafeSQL: spec.query), logger: PostgresProbe.logger) {
                    count += 1
                }
                return count
            } onCancel: {
                _ = connection.close() as EventLoopFuture<Void>
            }
        } catch {
            try? await connection.close()
            return ProbeOutcome(status: .fail, latency: connected, reason: reason(for: error, timeout: timeout, during: .query),
                                detail: "connected in \(LatencyText.format(connected))")
        }
        let queried = clock.now - queryStart
        try? await connection.close()
        let (status, slow) = latency.judge(connected)
        return ProbeOutcome(status: status, latency: connected,
                            reason: "connected in \(LatencyText.format(connected))\(slow) · query \(LatencyText.format(queried))",
                            detail: "\(spec.query) → \(rows == 1 ? "1 row" : "\(rows) rows")")
    }

    enum Phase { case connect, query }

    /// A reason that tells the failures apart: refused, timed out, wrong password, no such
    /// database, a failing query. Built from the SQLSTATE and the server's message, never
    /// from the configuration, so it cannot hold the password.
    func reason(for error: any Error, timeout: Seconds, during phase: Phase) -> String {
        guard let e = error as? PSQLError else {
            return TLSFailure.reason(for: error) ?? NetworkFailure.reason(for: error, timeout: timeout, host: spec.host)
        }
        switch e.code {
        case .server:
            let message = e.serverInfo?[.message] ?? "server error"
            switch (phase, e.serverInfo?[.sqlState]) {
            case (.connect, "28P01"), (.connect, "28000"): return "authentication failed for user \"\(spec.user)\""
            case (.connect, "3D000"): return "database \"\(spec.database)\" does not exist"
            case (.connect, _): return "server refused the connection: \(message)"
            case (.query, _): return "query failed: \(message)"
            }
        case .connectionError:
            return e.underlying.map { TLSFailure.reason(for: $0) ?? NetworkFailure.reason(for: $0, timeout: timeout, host: spec.host) } ?? "connection error"
        case .sslUnsupported: return "server does not support TLS"
        case .messageDecodingFailure, .unexpectedBackendMessage, .receivedUnencryptedDataAfterSSLRequest: return "not a PostgreSQL server (unexpected answer)"
        case .serverClosedConnection, .uncleanShutdown: return "connection closed by the server"
        case .unsupportedAuthMechanism: return "unsupported authentication method"
        case .authMechanismRequiresPassword: return "server asks for a password and none is configured"
        case .saslError: return "authentication failed for user \"\(spec.user)\" (SCRAM)"
        case .queryCancelled, .clientClosedConnection: return "timed out after \(timeout.oneDecimal)"
        default: return "PostgreSQL error: \(e.code)"
        }
    }
}
