import Foundation

/// How one step of a golden-path run came out.
public enum GoldenPathStepStatus: String, Hashable, Sendable, Codable {
    case pass, fail
    /// Not run because an earlier step failed.
    case blocked
}

/// One step's result in a run.
public struct GoldenPathStepResult: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var status: GoldenPathStepStatus
    public var latency: Duration?
    public var code: Int?
    public var reason: String

    public init(id: String, name: String, status: GoldenPathStepStatus, latency: Duration? = nil, code: Int? = nil, reason: String) {
        self.id = id
        self.name = name
        self.status = status
        self.latency = latency
        self.code = code
        self.reason = reason
    }

    public var latencyMilliseconds: Double? { latency.map { $0.seconds * 1000 } }
}

/// One walk along the golden path: every step's result, in order.
public struct GoldenPathRun: Hashable, Sendable {
    public var startedAt: Date
    public var finishedAt: Date
    public var steps: [GoldenPathStepResult]

    public init(startedAt: Date, finishedAt: Date, steps: [GoldenPathStepResult]) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.steps = steps
    }

    /// Pass only when every step passed.
    public var passed: Bool { steps.allSatisfy { $0.status == .pass } }

    /// The step that broke the path, if any.
    public var firstFailure: GoldenPathStepResult? { steps.first { $0.status == .fail } }

    /// The steps the failure keeps users from.
    public var blocked: [GoldenPathStepResult] { steps.filter { $0.status == .blocked } }
}
