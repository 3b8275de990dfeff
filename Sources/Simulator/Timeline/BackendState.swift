/// The startup schema's `state` of the backend service.
enum BackendState: String, Sendable {
    /// The last process exited and the platform is backing off before restarting it.
    case crashloop
    /// An attempt is running its startup phases.
    case starting
    /// All phases ok; the backend serves requests.
    case running
}
