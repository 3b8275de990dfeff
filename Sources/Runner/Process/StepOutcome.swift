import Foundation

/// How a step's run ended.
///
/// Contract: `reason` is one sentence for the operator (`exit 0 in 1.2 s`,
/// `REGRESSION: output matched 'timeout: 20\.0' (line 12)`, `timed out after 10.0 s; process
/// group killed`). `outputBytes` and `sha256` describe the output file's content exactly.
public struct StepOutcome: Hashable, Sendable {
    public enum Status: Hashable, Sendable {
        /// It ran and showed what was expected.
        case ok
        /// It ran, and what it showed is what the step calls a regression.
        case regression
        /// It ran and did not show what was expected, or died of a signal.
        case failed
        case timedOut
        case cancelled
        case couldNotStart(String)

        /// As the audit log writes it: `ok`, `regression`, `failed`, `timed-out`, `cancelled`,
        /// `could-not-start`.
        public var name: String {
            switch self {
            case .ok: return "ok"
            case .regression: return "regression"
            case .failed: return "failed"
            case .timedOut: return "timed-out"
            case .cancelled: return "cancelled"
            case .couldNotStart: return "could-not-start"
            }
        }

        /// As the pane shows it: `OK`, `REGRESSION`, `FAILED`, `TIMED OUT`, `CANCELLED`,
        /// `COULD NOT START`.
        public var label: String { name.replacingOccurrences(of: "-", with: " ").uppercased() }
    }

    public var status: Status
    public var exitCode: Int32?
    /// The signal that ended the process, when one did.
    public var signal: Int32?
    public var startedAt: Date
    public var endedAt: Date
    public var outputBytes: Int
    /// SHA-256 of the output, lowercase hex.
    public var sha256: String
    public var outputPath: String
    public var reason: String

    public init(status: Status, exitCode: Int32? = nil, signal: Int32? = nil, startedAt: Date, endedAt: Date, outputBytes: Int, sha256: String, outputPath: String, reason: String) {
        self.status = status
        self.exitCode = exitCode
        self.signal = signal
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outputBytes = outputBytes
        self.sha256 = sha256
        self.outputPath = outputPath
        self.reason = reason
    }
}
