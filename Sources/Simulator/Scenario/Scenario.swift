/// A story the simulated staging plays. Switching scenario live changes the world the services
/// live in (the connector's capacity, the backend's process), not just the answers.
public enum Scenario: String, CaseIterable, Sendable {
    /// The incident: the VPC connector has no capacity, phase 3 DATABASE times out after 20.0 s,
    /// the backend exits with code 3 and crash-loops. Starts already in progress (attempt 7).
    case outage
    /// Connector scaled, backend started successfully: everything answers 200. Switched to live,
    /// it scales the connector and restarts a backend that is not serving; the fresh attempt is
    /// ready 6.2 simulated seconds later.
    case healthy
    /// The connector is marginal: some startups make it, and the backend alternates between
    /// serving and crashing about every 15 simulated seconds.
    case flapping
    /// Healthy but slow: the backend's health answers after 2.5 s and the auth service takes 1.2 s.
    case slow
}
