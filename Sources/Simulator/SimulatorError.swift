/// Why the simulated staging could not start.
public enum SimulatorError: Error, Sendable, CustomStringConvertible {
    /// `timeScale` must be a finite number above zero.
    case invalidTimeScale(Double)
    /// `port` must be 0 (any free port) or 1–65535.
    case invalidPort(Int)
    /// The HTTP server stopped before it was listening (for example, the port is taken).
    case serverFailed(String)
    /// A fault that cannot go on its path (see `FaultTable.check`).
    case invalidFault(String)

    public var description: String {
        switch self {
        case .invalidTimeScale(let scale): "time scale must be a finite number above 0, got \(scale)"
        case .invalidPort(let port): "port must be between 0 and 65535, got \(port)"
        case .serverFailed(let reason): "simulated staging could not listen: \(reason)"
        case .invalidFault(let reason): "fault not set: \(reason)"
        }
    }
}
