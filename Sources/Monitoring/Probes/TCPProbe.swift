import NIOCore
import NIOPosix

/// Opens a TCP connection and closes it; the connect time is the latency.
public struct TCPProbe: Probe {
    public let spec: TCPCheckSpec
    public let latency: LatencyThresholds
    let group: EventLoopGroup

    public init(spec: TCPCheckSpec, latency: LatencyThresholds, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.spec = spec
        self.latency = latency
        self.group = group
    }

    public func run(timeout: Seconds) async -> ProbeOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(.milliseconds(Int64(timeout.milliseconds)))
                .connect(host: spec.host, port: spec.port)
                .get()
            let elapsed = clock.now - start
            try? await channel.close()
            let (status, slow) = latency.judge(elapsed)
            return ProbeOutcome(status: status, latency: elapsed, reason: "connected in \(LatencyText.format(elapsed))\(slow)")
        } catch {
            return ProbeOutcome(status: .fail, reason: NetworkFailure.reason(for: error, timeout: timeout, host: spec.host))
        }
    }
}
