import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Opens a WebSocket, optionally sends one message, and waits for the expected events in
/// order; the time to the last expected event (or to the open socket) is the latency.
///
/// Built on swift-nio's WebSocket upgrader rather than HummingbirdWSClient: that client hides
/// the HTTP status of a refused upgrade and cannot abandon an upgrade that never gets an
/// answer, and this probe must report the first and stop at its timeout.
public struct WebSocketProbe: Probe {
    public let spec: WebSocketCheckSpec
    public let latency: LatencyThresholds
    let group: any EventLoopGroup
    /// Replaces `${name}` in URL, headers and the message just before connecting (golden-path captures).
    public var substitutions: [String: String]

    public init(spec: WebSocketCheckSpec, latency: LatencyThresholds, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, substitutions: [String: String] = [:]) {
        self.spec = spec
        self.latency = latency
        self.group = group
        self.substitutions = substitutions
    }

    public func run(timeout: Seconds) async -> ProbeOutcome {
        guard let url = WebSocketURL(Template.fill(spec.url, substitutions)) else {
            return ProbeOutcome(status: .fail, reason: "invalid URL")
        }
        var headers = HTTPHeaders()
        for h in spec.headers {
            headers.add(name: h.name, value: Template.fill(h.value, substitutions))
        }
        if !headers.contains(name: "Host") { headers.add(name: "Host", value: url.hostHeader) }
        let request = HTTPRequestHead(version: .http1_1, method: .GET, uri: url.target, headers: headers)
        let tls: NIOSSLContext?
        do {
            tls = url.secure ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        } catch {
            return ProbeOutcome(status: .fail, reason: "TLS setup failed: \(error)")
        }
        let serverName = (try? SocketAddress(ipAddress: url.host, port: url.port)) == nil ? url.host : nil
        let session = WebSocketSession(expected: spec.expectEvents, eventField: spec.eventField,
                                       send: spec.send.map { Template.fill($0, substitutions) }, timeout: timeout)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(timeout.duration))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try WebSocketChannel.install(on: channel, session: session, request: request, tls: tls, serverName: serverName)
                    }
                }
                .connect(host: url.host, port: url.port)
                .get()
        } catch {
            return ProbeOutcome(status: .fail, reason: NetworkFailure.reason(for: error, timeout: timeout, host: url.host))
        }
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout.duration - session.elapsed)) {
            session.expire()
            channel.close(promise: nil)
        }
        await withTaskCancellationHandler {
            try? await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
        timer.cancel()
        return outcome(session.report(), timeout: timeout)
    }

    func outcome(_ report: WebSocketSession.Report, timeout: Seconds) -> ProbeOutcome {
        let progress = report.progress
        let detail = WebSocketProbe.detail(report)
        switch report.ending {
        case .complete(let elapsed):
            let what = progress.expected.isEmpty ? "connected" : progress.expected.count == 1 ? "1 event" : "\(progress.expected.count) events"
            let (status, slow) = latency.judge(elapsed)
            return ProbeOutcome(status: status, latency: elapsed, code: 101, reason: "\(what) in \(LatencyText.format(elapsed))\(slow)", detail: detail)
        case .rejected(let status, let body):
            var reason = "upgrade rejected: HTTP \(status)"
            if let hint = (try? JSONValue.parse(body)).flatMap(BodyStatement.init)?.text() { reason += " · \(hint)" }
            return ProbeOutcome(status: .fail, code: status, reason: reason, detail: HTTPProbe.excerpt(text: body))
        case .closed(let code, let text):
            let when = progress.recent.last.map { "after \($0)" } ?? "before any event"
            var reason = "connection closed \(when) (\(code.map { "code \($0)" } ?? "no close frame"))"
            if !text.isEmpty { reason += " · \(text)" }
            return ProbeOutcome(status: .fail, code: code, reason: reason, detail: detail)
        case .timedOut:
            guard report.upgradedAfter != nil, let missing = progress.missing else { return .timedOut(after: timeout) }
            return ProbeOutcome(status: .fail, code: 101, reason: "missing event \(missing) (got \(progress.seenList)) after \(timeout.oneDecimal)", detail: detail)
        case .failed(let reason):
            return ProbeOutcome(status: .fail, reason: reason, detail: detail)
        }
    }

    /// Expected and received events, and the last message, for the details view.
    static func detail(_ report: WebSocketSession.Report) -> String? {
        guard report.upgradedAfter != nil else { return nil }
        var lines: [String] = []
        if !report.progress.expected.isEmpty {
            lines.append("expected: \(report.progress.expected.joined(separator: ", "))")
            lines.append("received: \(report.progress.seenList)")
        }
        if let last = report.lastMessage { lines.append("last message: \(last)") }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}
