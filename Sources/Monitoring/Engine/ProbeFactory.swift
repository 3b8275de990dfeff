import AsyncHTTPClient
import NIOCore
import NIOPosix

/// Makes probes from check specs, sharing one HTTP client per redirect policy and one event
/// loop group for the socket-based probes.
///
/// Contract: call `shutdown()` once when done; probes made afterwards fail fast.
public final class ProbeFactory: Sendable {
    let client: HTTPClient
    let redirectingClient: HTTPClient
    let group: any EventLoopGroup
    /// Reads the certificates of `https://` checks for their expiry, shared so each server is
    /// asked at most every few minutes.
    let certificates: CertificateInspector

    /// - Parameter expectedConcurrency: how many requests may be in flight to one host at once;
    ///   set it to the number of checks so a hung endpoint never starves the others.
    public init(expectedConcurrency: Int = 64, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
        certificates = CertificateInspector(group: group)
        func make(_ redirects: HTTPClient.Configuration.RedirectConfiguration) -> HTTPClient {
            var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: max(16, expectedConcurrency))
            // Report "connect refused" at once instead of retrying until the timeout.
            pool.retryConnectionEstablishment = false
            var config = HTTPClient.Configuration(redirectConfiguration: redirects, timeout: .init(), connectionPool: pool, decompression: .disabled)
            config.httpVersion = .http1Only
            return HTTPClient(eventLoopGroup: group, configuration: config)
        }
        client = make(.disallow)
        redirectingClient = make(.follow(max: 5, allowCycles: false))
    }

    /// A probe for `spec`; `keepingJSON` keeps an HTTP probe's JSON body in its outcome.
    public func probe(for spec: CheckSpec, substitutions: [String: String] = [:], keepingJSON: Bool = false) -> any Probe {
        switch spec.probe {
        case .http(let h):
            return HTTPProbe(spec: h, latency: spec.latency, client: h.followRedirects ? redirectingClient : client,
                             certificates: certificates, substitutions: substitutions, keepsJSON: keepingJSON)
        case .tcp(let t):
            return TCPProbe(spec: t, latency: spec.latency, group: group)
        case .websocket(let w):
            return WebSocketProbe(spec: w, latency: spec.latency, group: group, substitutions: substitutions)
        case .postgres(let p):
            return PostgresProbe(spec: p, latency: spec.latency, group: group)
        case .command(let c):
            return CommandProbe(spec: c, latency: spec.latency)
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
        try? await redirectingClient.shutdown()
    }
}
