/// How to run the simulated staging.
public struct SimulatorOptions: Sendable {
    /// Address to listen on; loopback unless you mean to expose it.
    public var host: String
    /// Port to listen on; 0 picks a free one (read it back from `SimulatedStaging.port`).
    public var port: Int
    /// The story to start in.
    public var scenario: Scenario
    /// Simulated seconds per real second (4 = the timeline runs four times faster). Must be > 0.
    public var timeScale: Double
    /// Folder for `backend.log` and `backend.jsonl` (created if missing, files started empty);
    /// nil = a fresh temporary folder.
    public var logDirectory: String?
    /// Faults to start with, by path (see `Fault`); change them live with `PUT /admin/faults`.
    public var faults: [String: Fault]
    /// Serve HTTPS (and WSS) with a self-signed certificate of this validity instead of HTTP.
    public var tls: SimulatedCertificate.Validity?

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        scenario: Scenario = .outage,
        timeScale: Double = 1.0,
        logDirectory: String? = nil,
        faults: [String: Fault] = [:],
        tls: SimulatedCertificate.Validity? = nil
    ) {
        self.host = host
        self.port = port
        self.scenario = scenario
        self.timeScale = timeScale
        self.logDirectory = logDirectory
        self.faults = faults
        self.tls = tls
    }
}
