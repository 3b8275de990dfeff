/// Where a service's startup phases come from: the `startup:` block of a service.
///
/// ```yaml
/// startup:
///   type: http                      # our JSON schema (see StartupSchema), or a mapped shape
///   url: http://127.0.0.1:8080/backend/startup
/// ```
/// or
/// ```yaml
/// startup:
///   type: log                       # a log followed line by line (see StartupLogSpec)
///   file: /var/log/backend.log
///   preset: phased-startup
/// ```
public struct StartupSourceSpec: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        case http(StartupEndpointSpec)
        case log(StartupLogSpec)
    }

    public var source: Source

    public init(source: Source) {
        self.source = source
    }

    public static let kinds = ["http", "log"]

    /// For display: `GET http://…/backend/startup every 5s`, `log /var/log/app.log`,
    /// `log: kubectl logs -f deploy/backend`.
    public var description: String {
        switch source {
        case .http(let h): return "GET \(h.url) every \(h.interval)"
        case .log(let l): return l.description
        }
    }

    /// Reads a `startup:` block; errors name the line and key.
    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping("a startup source such as {type: http, url: …}")
        switch try r.required("type").choice(StartupSourceSpec.kinds) {
        case "http": source = .http(try StartupEndpointSpec(reading: r))
        default: source = .log(try StartupLogSpec(reading: r))
        }
        try r.finish()
    }
}
