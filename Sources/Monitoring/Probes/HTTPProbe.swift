import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one HTTP request and judges the answer: status in the expected set, JSON conditions,
/// body text, latency thresholds.
public struct HTTPProbe: Probe {
    public let spec: HTTPCheckSpec
    public let latency: LatencyThresholds
    let client: HTTPClient
    /// Replaces `${name}` in URL, headers and body just before sending (golden-path captures).
    public var substitutions: [String: String]
    /// Keeps a JSON body in the outcome (`ProbeOutcome.json`) for whoever reads it after the
    /// probe, such as golden-path captures. Without it, a body is parsed only when the probe
    /// itself needs it: for JSON conditions, or for the error hint of an unexpected status.
    public var keepsJSON: Bool

    public init(spec: HTTPCheckSpec, latency: LatencyThresholds, client: HTTPClient, substitutions: [String: String] = [:], keepsJSON: Bool = false) {
        self.spec = spec
        self.latency = latency
        self.client = client
        self.substitutions = substitutions
        self.keepsJSON = keepsJSON
    }

    public func run(timeout: Seconds) async -> ProbeOutcome {
        let url = Template.fill(spec.url, substitutions)
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: spec.method)
        for h in spec.headers {
            request.headers.add(name: h.name, value: Template.fill(h.value, substitutions))
        }
        if let body = spec.body {
            request.body = .bytes(ByteBuffer(string: Template.fill(body, substitutions)))
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await client.execute(request, deadline: .now() + .milliseconds(Int64(timeout.milliseconds)))
            let code = Int(response.status.code)
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: spec.maxBodyBytes)
            } catch is NIOTooManyBytesError {
                return ProbeOutcome(status: .fail, latency: clock.now - start, code: code,
                                    reason: "HTTP \(code) with a body over \(ByteCount.format(spec.maxBodyBytes))")
            }
            let elapsed = clock.now - start
            return judge(code: code, body: Data(body.readableBytesView), elapsed: elapsed)
        } catch {
            let elapsed = clock.now - start
            let reason = NetworkFailure.reason(for: error, timeout: timeout, host: URL(string: url)?.host)
            let timedOut = NetworkFailure.isTimeout(error)
            return ProbeOutcome(status: .fail, latency: timedOut ? nil : elapsed, reason: reason)
        }
    }

    func judge(code: Int, body: Data, elapsed: Duration) -> ProbeOutcome {
        let timing = "in \(LatencyText.format(elapsed))"
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        let expected = spec.expectedStatus.contains(code)
        // Parsing is most of what a plain check costs itself: done only when something reads it.
        var json: JSONValue?
        var jsonProblem = "empty"
        if keepsJSON || !expected || !spec.jsonConditions.isEmpty {
            do { json = try JSONValue.parse(body) } catch { jsonProblem = "\(error)" }
        }
        let excerpt = HTTPProbe.excerpt(text: text)
        guard expected else {
            var reason = "HTTP \(code) \(timing)"
            if let hint = json.flatMap(HTTPProbe.errorHint) { reason += " · \(hint)" }
            return ProbeOutcome(status: .fail, latency: elapsed, code: code, reason: reason, detail: excerpt, json: json)
        }
        if !spec.jsonConditions.isEmpty {
            guard let json else {
                return ProbeOutcome(status: .fail, latency: elapsed, code: code, reason: "HTTP \(code) but body is \(jsonProblem)", detail: excerpt)
            }
            for condition in spec.jsonConditions {
                if let failure = condition.failure(in: json) {
                    return ProbeOutcome(status: .fail, latency: elapsed, code: code, reason: "HTTP \(code) but \(failure)", detail: excerpt, json: json)
                }
            }
        }
        if let needle = spec.bodyContains, !String(decoding: body, as: UTF8.self).contains(needle) {
            return ProbeOutcome(status: .fail, latency: elapsed, code: code, reason: "HTTP \(code) but body lacks \"\(needle)\"", detail: excerpt, json: json)
        }
        let (status, slow) = latency.judge(elapsed)
        return ProbeOutcome(status: status, latency: elapsed, code: code, reason: "HTTP \(code) \(timing)\(slow)", detail: excerpt, json: json)
    }

    /// A short error message from a JSON error body (`detail`, `error`, `message`, `reason`).
    static func errorHint(_ json: JSONValue) -> String? {
        for key in ["detail", "error", "message", "reason"] {
            if let v = json[key] {
                if let s = v.stringValue, !s.isEmpty { return s }
                if let inner = v["message"]?.stringValue { return inner }
            }
        }
        return nil
    }

    static func excerpt(text: String) -> String? {
        if text.isEmpty { return nil }
        return text.count > 600 ? String(text.prefix(600)) + "…" : text
    }
}

extension LatencyThresholds {
    /// The status a successful answer gets for its latency, and words to add to its reason.
    func judge(_ elapsed: Duration) -> (CheckStatus, String) {
        let s = elapsed.seconds
        if let c = critical, s > c.value { return (.fail, " (slow: over \(c))") }
        if let w = warn, s > w.value { return (.warn, " (slow: over \(w))") }
        return (.ok, "")
    }
}

/// Byte counts for people: `512 B`, `1.0 MB`.
public enum ByteCount {
    public static func format(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1 << 20 { return String(format: "%.1f KB", Double(n) / 1024) }
        if n < 1 << 30 { return String(format: "%.1f MB", Double(n) / 1_048_576) }
        return String(format: "%.1f GB", Double(n) / 1_073_741_824)
    }
}
