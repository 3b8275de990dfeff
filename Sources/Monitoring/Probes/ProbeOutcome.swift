import Foundation

/// The result of running one probe once.
///
/// Contract: `reason` is a short human sentence ("HTTP 503 in 12 ms", "connect refused",
/// "timed out after 10.0 s"); `detail` holds longer evidence such as a body excerpt. Both are
/// sanitized of control and escape sequences by whoever creates them (`ProbeOutcome.init`).
public struct ProbeOutcome: Hashable, Sendable {
    public var status: CheckStatus
    /// Time to answer, when there was an answer (or a connection).
    public var latency: Duration?
    /// A protocol code: HTTP status, process exit code.
    public var code: Int?
    public var reason: String
    public var detail: String?
    /// The body when it was JSON and the probe parsed it (golden-path steps that capture keep
    /// it for later steps; other checks parse it only to judge it).
    public var json: JSONValue?

    public init(status: CheckStatus, latency: Duration? = nil, code: Int? = nil, reason: String, detail: String? = nil, json: JSONValue? = nil) {
        self.status = status
        self.latency = latency
        self.code = code
        self.reason = Sanitize.line(reason)
        self.detail = detail.map { Sanitize.block($0) }
        self.json = json
    }

    public var latencyMilliseconds: Double? { latency.map { $0.seconds * 1000 } }

    /// A failed outcome for a probe that did not answer within `timeout`.
    public static func timedOut(after timeout: Seconds) -> ProbeOutcome {
        ProbeOutcome(status: .fail, reason: "timed out after \(timeout.oneDecimal)")
    }
}

/// Formats latencies the way reasons show them: `12 ms`, `1.3 s`.
public enum LatencyText {
    public static func format(_ d: Duration) -> String { format(milliseconds: d.seconds * 1000) }

    public static func format(milliseconds ms: Double) -> String {
        if ms < 1 { return "<1 ms" }
        if ms < 1000 { return "\(Int(ms.rounded())) ms" }
        return String(format: "%.1f s", ms / 1000)
    }
}
