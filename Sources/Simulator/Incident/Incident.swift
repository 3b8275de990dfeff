import Foundation

/// The figures of the staging outage the simulator replays (see the incident record in the
/// design notes). Every name, number and message the simulated services show comes from here.
enum Incident {
    /// The service that stopped starting.
    static let service = "backend-staging"
    /// The revision that was crash-looping.
    static let revision = "backend-staging-00042-xk2"
    /// The VPC connector between the container platform and the database.
    static let connector = "staging-connector"
    /// The connector's subnet.
    static let connectorCIDR = "10.1.0.0/28"
    /// The managed PostgreSQL instance behind the connector.
    static let database = "staging-shared-postgres"
    /// The database's connection limit.
    static let databaseConnectionLimit = 100
    /// Connection pool of one backend process: size, max overflow, pool timeout.
    static let poolSize = 10
    static let poolMaxOverflow = 15
    static let poolTimeout = 90.0
    /// The backend's live timeout configuration, in seconds: database initialization is the
    /// 20.0 s of phase 3 where the known-good value is 75.0; the rest match the known-good set.
    static var timeouts: [(key: String, seconds: Double)] {
        [("initialization_s", StartupPhase.database.timeout), ("table_setup_s", 25.0), ("connection_s", 35.0),
         ("pool_s", 45.0), ("health_check_s", 20.0), ("pool_timeout_s", poolTimeout)]
    }

    /// Exit code of the process when the startup (or the database) fails.
    static let startupFailureExitCode = 3
    /// Exit code of a process stopped by the platform (SIGTERM).
    static let terminatedExitCode = 143
    /// Seconds the container platform waits before starting the next attempt.
    static let restartBackoff = 2.0
    /// Simulated seconds a backend keeps serving over a marginal connector before it loses the database.
    static let marginalUptime = 15.0

    /// The simulated time at which a replay begins: half a second after startup attempt 7,
    /// begun at 16:47:16.123 UTC, timed out in phase 3 DATABASE.
    static let replayStart = Date(timeIntervalSince1970: 1_795_625_257.623)

    /// The error of phase 3 when the connector has no capacity.
    static var databaseTimeoutError: String {
        "Database initialization timeout after \(StartupPhase.database.timeout)s in staging environment"
    }

    /// The error that takes a running backend down when the connector runs out of capacity.
    static var databaseLostError: String {
        "Database connection lost: connection pool exhausted behind VPC connector \(connector)"
    }
}
