import Foundation

/// An HTTP endpoint that reports the startup in our schema (see `StartupSchema`) or in
/// another JSON shape described by `mapping`.
///
/// Config keys: `url` (required), `headers`, `interval` (default 5s), `timeout` (default 5s),
/// `mapping`.
public struct StartupEndpointSpec: Hashable, Sendable {
    public var url: String
    public var headers: [HTTPCheckSpec.Header]
    public var interval: Seconds
    public var timeout: Seconds
    public var mapping: StartupMapping

    public init(url: String, headers: [HTTPCheckSpec.Header] = [], interval: Seconds = Seconds(5),
                timeout: Seconds = Seconds(5), mapping: StartupMapping = .standard) {
        self.url = url
        self.headers = headers
        self.interval = interval
        self.timeout = timeout
        self.mapping = mapping
    }

    /// Bodies larger than this are a problem instead of being read.
    static let maxBodyBytes = 1 << 20

    init(reading r: ConfigReader) throws {
        let urlText = try r.requiredString("url")
        if let problem = EndpointURL.problem(urlText, schemes: ["http", "https"]) { throw r.error(at: "url", problem) }
        self.url = urlText
        self.headers = try HTTPCheckSpec.Header.list(r.child("headers"))
        self.interval = try r.positiveSeconds("interval") ?? Seconds(5)
        self.timeout = try r.positiveSeconds("timeout", max: Seconds(600)) ?? Seconds(5)
        self.mapping = try r.child("mapping").map(StartupMapping.init(reading:)) ?? .standard
    }
}
