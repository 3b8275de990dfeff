/// How much room the VPC connector has for new database connections. It decides, when a startup
/// attempt begins, how that attempt's phase 3 DATABASE will go.
enum ConnectorCapacity: String, Sendable {
    /// At its maximum instances with the pool exhausted: phase 3 times out.
    case exhausted
    /// Scaling under load (10–30 s delays): phase 3 makes it slowly, and the backend loses the
    /// database again after a while.
    case marginal
    /// Scaled out: phase 3 connects in a few seconds and stays connected.
    case available

    /// Instance range the connector is configured with.
    var instances: (min: Int, max: Int) {
        switch self {
        case .exhausted: (2, 3)
        case .marginal: (2, 4)
        case .available: (2, 10)
        }
    }

    /// Open connections on the database instance (below its limit in every case: the limit
    /// was never the problem, the network path was).
    var databaseConnections: Int {
        switch self {
        case .exhausted: 88
        case .marginal: 61
        case .available: 37
        }
    }
}
