/// One numbered phase of the backend's deterministic startup ("if chat cannot work, the service
/// must not start"), with the timeout staging gives it.
enum StartupPhase: Int, CaseIterable, Sendable {
    case initialization = 1
    case dependencies
    case database
    case cache
    case services
    case websocket
    case ready

    /// The name the startup orchestrator logs and reports.
    var name: String {
        switch self {
        case .initialization: "INIT"
        case .dependencies: "DEPENDENCIES"
        case .database: "DATABASE"
        case .cache: "CACHE"
        case .services: "SERVICES"
        case .websocket: "WEBSOCKET"
        case .ready: "READY"
        }
    }

    /// Seconds the phase may run before the orchestrator gives up on it.
    var timeout: Double {
        switch self {
        case .initialization: 5.0
        case .dependencies: 10.0
        case .database: 20.0
        case .cache: 10.0
        case .services: 15.0
        case .websocket: 10.0
        case .ready: 5.0
        }
    }

    /// "Phase 3 DATABASE", as the startup log names it.
    var label: String { "Phase \(rawValue) \(name)" }
}
