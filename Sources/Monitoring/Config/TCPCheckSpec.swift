/// A TCP check: can a connection to `host:port` be opened in time.
public struct TCPCheckSpec: Hashable, Sendable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init(reading r: ConfigReader) throws {
        self.host = try r.requiredString("host")
        _ = try r.required("port")
        guard let port = try r.int("port", in: 1...65535) else { throw ConfigErrorRecorded() }
        self.port = port
    }
}
