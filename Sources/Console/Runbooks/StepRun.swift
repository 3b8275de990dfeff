import Foundation

/// One run of one runbook step as the console knows it: started, streaming, finished.
///
/// Contract: `tail` holds at most `StepRun.tailLimit` lines, already stripped of control
/// and escape sequences; the whole output is in the file at `outputPath`.
public struct StepRun: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var runbookID: String
    public var stepID: String
    public var startedAt: Date
    public var endedAt: Date?
    public var verdict: RunVerdict?
    /// "exit 0 in 1.2 s", "REGRESSION: output matched …", "timed out after 10.0 s; …".
    public var reason: String?
    public var exitCode: Int32?
    public var outputBytes: Int = 0
    public var outputPath: String?
    public var tail: [String] = []
    /// Set for a step left running by a console that was killed: who started it there, and
    /// its process group. This console did not start it and shows no output of it.
    public var orphan: Orphan?

    public struct Orphan: Hashable, Sendable {
        public var startedBy: String
        public var processGroup: Int32
    }

    public static let tailLimit = 2000

    public init(id: UUID, runbookID: String, stepID: String, startedAt: Date, outputPath: String? = nil) {
        self.id = id
        self.runbookID = runbookID
        self.stepID = stepID
        self.startedAt = startedAt
        self.outputPath = outputPath
    }

    public var isRunning: Bool { verdict == nil }

    mutating func take(lines: [String]) {
        tail.append(contentsOf: lines)
        if tail.count > StepRun.tailLimit { tail.removeFirst(tail.count - StepRun.tailLimit) }
    }
}

/// How a step run ended.
public enum RunVerdict: String, Hashable, Sendable {
    case ok, regression, failed, timedOut = "timed-out", cancelled, couldNotStart = "not-started"
    /// A step left running by a killed console ended on its own; its exit status is not known.
    case ended

    /// The word the screen shows: `OK`, `REGRESSION`, `FAILED`, `TIMED OUT`, `CANCELLED`, `NOT STARTED`.
    public var word: String {
        switch self {
        case .ok: return "OK"
        case .regression: return "REGRESSION"
        case .failed: return "FAILED"
        case .timedOut: return "TIMED OUT"
        case .cancelled: return "CANCELLED"
        case .couldNotStart: return "NOT STARTED"
        case .ended: return "ENDED"
        }
    }

    public var succeeded: Bool { self == .ok }

    /// The verdict and the reason in one phrase, without saying the verdict twice:
    /// `OK · exit 0 in 1.2 s`, `REGRESSION: exit 1 (expected 0) in 0.1 s`.
    public func phrase(_ reason: String) -> String {
        reason.uppercased().hasPrefix(word) ? reason : "\(word) · \(reason)"
    }
}

/// What the runner tells the console about a run.
public enum RunEvent: Hashable, Sendable {
    case started(id: UUID, runbookID: String, stepID: String, at: Date, outputPath: String?)
    /// New lines (sanitized) and the output size so far.
    case output(id: UUID, lines: [String], bytes: Int)
    case finished(id: UUID, verdict: RunVerdict, exitCode: Int32?, reason: String, at: Date, bytes: Int)
    /// A step a killed console left running (its process group still alive), found at start.
    case orphaned(id: UUID, runbookID: String, stepID: String, startedAt: Date, by: String, processGroup: Int32, outputPath: String?)
}

/// A request to run one step with its parameter values, made once the form and the
/// confirmation are done.
public struct StepRequest: Hashable, Sendable {
    public var runID: UUID
    public var runbookID: String
    public var stepID: String
    /// Validated values, by parameter name.
    public var values: [String: String]

    public init(runID: UUID = UUID(), runbookID: String, stepID: String, values: [String: String]) {
        self.runID = runID
        self.runbookID = runbookID
        self.stepID = stepID
        self.values = values
    }
}
