/// One health check of a service: which probe, how often, how long to wait, and when a
/// slow answer counts as degraded.
public struct CheckSpec: Hashable, Sendable {
    public enum Probe: Hashable, Sendable {
        case http(HTTPCheckSpec)
        case tcp(TCPCheckSpec)
        case websocket(WebSocketCheckSpec)
        case postgres(PostgresCheckSpec)
        case command(CommandCheckSpec)
    }

    public var probe: Probe
    public var interval: Seconds
    public var timeout: Seconds
    public var latency: LatencyThresholds

    public init(probe: Probe, interval: Seconds = Seconds(10), timeout: Seconds = Seconds(10), latency: LatencyThresholds = .none) {
        self.probe = probe
        self.interval = interval
        self.timeout = timeout
        self.latency = latency
    }

    public static let kinds = ["http", "tcp", "websocket", "postgres", "command"]

    /// The kind as config writes it.
    public var kind: String {
        switch probe {
        case .http: return "http"
        case .tcp: return "tcp"
        case .websocket: return "websocket"
        case .postgres: return "postgres"
        case .command: return "command"
        }
    }

    /// Where the check points, for display (`GET http://…`, `tcp 10.0.0.5:5432`,
    /// `postgres warroom@10.0.0.5:5432/warroom`, `$ kubectl get pods`). Never holds a password.
    public var target: String {
        switch probe {
        case .http(let h): return "\(h.method) \(h.url)"
        case .tcp(let t): return "tcp \(t.host):\(t.port)"
        case .websocket(let w): return w.url
        case .postgres(let p): return "postgres \(p.user)@\(p.host):\(p.port)/\(p.database)"
        case .command(let c): return "$ \(c.commandLine)"
        }
    }

    init(reading r: ConfigReader, defaults: CheckDefaults) throws {
        _ = try r.requireMapping("a check such as {type: http, url: …}")
        let kind = try r.required("type").choice(CheckSpec.kinds)
        switch kind {
        case "http": probe = .http(try HTTPCheckSpec(reading: r))
        case "websocket": probe = .websocket(try WebSocketCheckSpec(reading: r))
        case "postgres": probe = .postgres(try PostgresCheckSpec(reading: r))
        case "command": probe = .command(try CommandCheckSpec(reading: r))
        default: probe = .tcp(try TCPCheckSpec(reading: r))
        }
        interval = try r.positiveSeconds("interval") ?? defaults.interval
        timeout = try r.positiveSeconds("timeout", max: Seconds(600)) ?? defaults.timeout
        latency = try r.child("latency").map(LatencyThresholds.init(reading:)) ?? defaults.latency
        try r.finish()
    }
}

/// Answer times above which a passing check is `warn` or `fail`.
public struct LatencyThresholds: Hashable, Sendable {
    public var warn: Seconds?
    public var critical: Seconds?

    public static let none = LatencyThresholds(warn: nil, critical: nil)

    public init(warn: Seconds?, critical: Seconds?) {
        self.warn = warn
        self.critical = critical
    }

    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping()
        warn = try r.positiveSeconds("warn")
        critical = try r.positiveSeconds("critical")
        if let w = warn, let c = critical, c < w {
            throw r.error(at: "critical", "must not be lower than warn (\(w))")
        }
        try r.finish()
    }
}

/// Values a check takes when it does not say otherwise.
public struct CheckDefaults: Hashable, Sendable {
    public var interval: Seconds = Seconds(10)
    public var timeout: Seconds = Seconds(10)
    public var latency: LatencyThresholds = .none

    public init() {}

    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping()
        interval = try r.positiveSeconds("interval") ?? interval
        timeout = try r.positiveSeconds("timeout", max: Seconds(600)) ?? timeout
        latency = try r.child("latency").map(LatencyThresholds.init(reading:)) ?? latency
        try r.finish()
    }
}
