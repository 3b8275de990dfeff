import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends one HTTP request and judges the answer: status in the expected set, JSON conditions,
/// body text, what the body says of itself, latency thresholds, and for `https://` the
/// certificate's expiry.
///
/// Contract (beyond `Probe`): the body is read as it streams, never beyond `maxBodyBytes`,
/// until the check's time runs out (the head is bounded by the client's deadline, the body by
/// the cancellation that ends the check); a body that stalls or is cut short is reported with
/// how much arrived; a TLS failure is explained from the certificate the server presents
/// (expired, self-signed, not yet valid).
public struct HTTPProbe: Probe {
    public let spec: HTTPCheckSpec
    public let latency: LatencyThresholds
    let client: HTTPClient
    let certificates: CertificateInspector?
    /// Replaces `${name}` in URL, headers and body just before sending (golden-path captures).
    public var substitutions: [String: String]
    /// Keeps a JSON body in the outcome (`ProbeOutcome.json`) for whoever reads it after the
    /// probe, such as golden-path captures. Without it, a body is parsed only when the probe
    /// itself needs it: for JSON conditions, for what the body says of its health, or for the
    /// error hint of an unexpected status.
    public var keepsJSON: Bool

    /// This check's last response and what was found in it.
    let memo = ResponseMemo()

    public init(spec: HTTPCheckSpec, latency: LatencyThresholds, client: HTTPClient, certificates: CertificateInspector? = nil,
                substitutions: [String: String] = [:], keepsJSON: Bool = false) {
        self.spec = spec
        self.latency = latency
        self.client = client
        self.certificates = certificates
        self.substitutions = substitutions
        self.keepsJSON = keepsJSON
    }

    public func run(timeout: Seconds) async -> ProbeOutcome {
        let url = Template.fill(spec.url, substitutions)
        // Captured values fill the URL at run time: what a service answered must not make a
        // URL the client cannot take (a port out of range traps in NIO).
        if !substitutions.isEmpty, let problem = EndpointURL.problem(url, schemes: ["http", "https"]) {
            return ProbeOutcome(status: .fail, reason: "the URL made with captured values is not usable: \(problem)")
        }
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: spec.method)
        for h in spec.headers {
            request.headers.add(name: h.name, value: Template.fill(h.value, substitutions))
        }
        if let body = spec.body {
            request.body = .bytes(ByteBuffer(string: Template.fill(body, substitutions)))
        }
        if spec.isHTTPS { request.tlsConfiguration = spec.tls.clientConfiguration }
        let clock = ContinuousClock()
        let start = clock.now
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: .now() + .milliseconds(Int64(timeout.milliseconds)))
        } catch {
            let elapsed = clock.now - start
            let target = URLComponents(string: url)
            let timedOut = NetworkFailure.isTimeout(error)
            var reason = NetworkFailure.reason(for: error, timeout: timeout, host: target?.host)
            if spec.isHTTPS, !timedOut, let host = target?.host, let why = await certificateProblem(host: host, port: target?.port ?? 443, timeout: timeout) {
                reason = why
            }
            return ProbeOutcome(status: .fail, latency: timedOut ? nil : elapsed, reason: reason)
        }
        let code = Int(response.status.code)
        let head = ResponseHead(response.headers)
        if let announced = head.contentLength, announced > spec.maxBodyBytes {
            return ProbeOutcome(status: .fail, latency: clock.now - start, code: code,
                                reason: "HTTP \(code) announcing a \(ByteCount.format(announced)) body (over the \(ByteCount.format(spec.maxBodyBytes)) limit)",
                                detail: head.detail)
        }
        let body: ByteBuffer
        switch await BodyReader.read(response.body, limit: spec.maxBodyBytes) {
        case .complete(let bytes):
            body = bytes
        case .tooLarge:
            return ProbeOutcome(status: .fail, latency: clock.now - start, code: code,
                                reason: "HTTP \(code) with a body over \(ByteCount.format(spec.maxBodyBytes))", detail: head.detail)
        case .stalled(let received):
            return ProbeOutcome(status: .fail, code: code, reason: bodyFailure(nil, code: code, received: received, announced: head.contentLength, timeout: timeout),
                                detail: head.detail)
        case .failed(let error, let received):
            return ProbeOutcome(status: .fail, code: code, reason: bodyFailure(error, code: code, received: received, announced: head.contentLength, timeout: timeout),
                                detail: head.detail)
        }
        var outcome = judge(code: code, body: Data(body.readableBytesView), head: head, elapsed: clock.now - start)
        if spec.isHTTPS, let target = URLComponents(string: url), let host = target.host,
           let certificate = await certificates?.cached(host: host, port: target.port ?? 443, timeout: timeout) {
            outcome = withExpiry(outcome, certificate, now: Date())
        }
        return outcome
    }

    /// Why reading the body failed: it stalled until the timeout (`error` nil), or the
    /// connection ended early.
    func bodyFailure(_ error: (any Error)?, code: Int, received: Int, announced: Int?, timeout: Seconds) -> String {
        let got = ByteCount.format(received) + (announced.map { " of \(ByteCount.format($0))" } ?? "")
        guard let error, !NetworkFailure.isTimeout(error) else {
            return "HTTP \(code) but the body stalled: \(got) in \(timeout.oneDecimal)"
        }
        if NetworkFailure.errnoCode(error) == ECONNRESET {
            return "HTTP \(code) but the connection was reset after \(got)"
        }
        if NetworkFailure.isEarlyClose(error) {
            return "HTTP \(code) but the connection closed after \(got)"
        }
        return "HTTP \(code) but reading the body failed after \(got): \(NetworkFailure.reason(for: error, timeout: timeout))"
    }

    /// The outcome of a response that came whole in `elapsed`.
    func judge(code: Int, body: Data, head: ResponseHead = ResponseHead(), elapsed: Duration) -> ProbeOutcome {
        let found = memo.finding(code: code, head: head, body: body) { find(code: code, body: body, head: head) }
        let kept = keepsJSON ? found.json : nil
        switch found.verdict {
        case .unexpectedStatus(let hints):
            return ProbeOutcome(status: .fail, latency: elapsed, code: code, reason: "HTTP \(code) in \(LatencyText.format(elapsed))\(hints)",
                                detail: found.detail, json: kept)
        case .body(let status, let reason):
            return ProbeOutcome(status: status, latency: elapsed, code: code, reason: reason, detail: found.detail, json: kept)
        case .passes(let note):
            let (status, slow) = latency.judge(elapsed)
            return ProbeOutcome(status: status, latency: elapsed, code: code, reason: "HTTP \(code) in \(LatencyText.format(elapsed))\(slow)\(note)",
                                detail: found.detail, json: kept)
        }
    }

    /// What a response's status, headers and body say, whatever its timing.
    func find(code: Int, body: Data, head: ResponseHead) -> ResponseFinding {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        let expected = spec.expectedStatus.contains(code)
        // Parsed only when something reads it.
        var json: JSONValue?
        var jsonProblem = "empty"
        if keepsJSON || !expected || !spec.jsonConditions.isEmpty || spec.judgeBody {
            do { json = try JSONValue.parse(body) } catch { jsonProblem = "\(error)" }
        }
        let detail = [HTTPProbe.excerpt(text: text), head.detail].compactMap { $0 }.joined(separator: "\n")
        func finding(_ verdict: ResponseFinding.Verdict) -> ResponseFinding {
            ResponseFinding(verdict: verdict, detail: detail.isEmpty ? nil : detail, json: json)
        }
        func fail(_ reason: String) -> ResponseFinding { finding(.body(.fail, reason: reason)) }
        guard expected else {
            var hints = ""
            if let said = json.flatMap(BodyStatement.init)?.text() { hints += " · \(said)" }
            if let location = head.location, (300...399).contains(code) { hints += " → \(location)" }
            if let retry = head.retryAfter { hints += " · retry after \(retry)" }
            return finding(.unexpectedStatus(hints: hints))
        }
        if !spec.jsonConditions.isEmpty {
            guard let json else { return fail("HTTP \(code) but body is \(jsonProblem)") }
            for condition in spec.jsonConditions {
                if let failure = condition.failure(in: json) { return fail("HTTP \(code) but \(failure)") }
            }
        } else if spec.judgeBody {
            if head.isText, let bad = UTF8Check.firstInvalidByte(in: body) {
                return fail("HTTP \(code) but body is not valid UTF-8 (byte 0x\(String(format: "%02X", bad.byte)) at offset \(bad.offset))")
            }
            if head.isJSON, !body.isEmpty, json == nil { return fail("HTTP \(code) but body is \(jsonProblem)") }
            if let json, let said = BodyHealth(json) {
                let more = BodyStatement(json)?.text(withWord: false).map { " · \($0)" } ?? ""
                let reason = "HTTP \(code) but body says \(said.field) \(JSONValue.string(said.value).quoted)" + more
                return finding(.body(said.status, reason: reason))
            }
        }
        if let needle = spec.bodyContains, !String(decoding: body, as: UTF8.self).contains(needle) {
            return fail("HTTP \(code) but body lacks \"\(needle)\"")
        }
        return finding(.passes(note: json.flatMap(BodyStatement.init)?.text(onlyTrouble: true).map { " · \($0)" } ?? ""))
    }

    /// `outcome` with the certificate's expiry in its detail; within the warning window it warns
    /// (and says so in the reason), once ended it fails.
    func withExpiry(_ outcome: ProbeOutcome, _ certificate: ServerCertificate, now: Date) -> ProbeOutcome {
        var result = outcome
        let sentence = certificate.expirySentence(now: now)
        let line = "certificate \(certificate.subject): \(sentence)"
        result.detail = [outcome.detail, Sanitize.line(line)].compactMap { $0 }.joined(separator: "\n")
        let left = certificate.notValidAfter.timeIntervalSince(now)
        if left < 0 {
            result.status = .fail
            result.reason = Sanitize.line("\(outcome.reason) · certificate \(sentence)")
        } else if left < spec.tls.expiryWarning.value {
            result.status = CheckStatus.worst([outcome.status, .warn])
            result.reason = Sanitize.line("\(outcome.reason) · certificate \(sentence)")
        }
        return result
    }

    /// A plain reason for a failed HTTPS request, from the certificate the server presents:
    /// nil when the certificate cannot be read or shows nothing wrong with its dates or issuer.
    func certificateProblem(host: String, port: Int, timeout: Seconds) async -> String? {
        guard let certificates, let certificate = await certificates.inspect(host: host, port: port, timeout: Seconds(min(timeout.value, 3))) else {
            return nil
        }
        let now = Date()
        if certificate.notValidAfter < now {
            return "TLS certificate \(certificate.expirySentence(now: now)): \(certificate.subject)"
        }
        if certificate.notValidBefore > now {
            return "TLS certificate not valid until \(ServerCertificate.day(certificate.notValidBefore)): \(certificate.subject)"
        }
        if certificate.selfSigned && spec.tls.caFile == nil && !spec.tls.insecure {
            return "TLS certificate is self-signed and not trusted (\(certificate.subject)); trust it with tls.ca_file"
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
