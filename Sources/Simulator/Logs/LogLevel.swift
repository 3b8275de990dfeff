/// Severity of a backend log line, spelled as the backend's Python logging spells it.
enum LogLevel: String, Sendable {
    case info = "INFO"
    case warning = "WARNING"
    case error = "ERROR"
    case critical = "CRITICAL"
}
