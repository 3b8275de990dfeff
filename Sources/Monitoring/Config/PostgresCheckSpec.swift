/// A PostgreSQL check: log in to one database and run one query.
///
/// Contract: the latency judged is the time to establish the connection (TCP, TLS, login);
/// the query must succeed but its time is only reported. The password never appears in a
/// reason, a detail or `target`.
public struct PostgresCheckSpec: Hashable, Sendable {
    /// How to use TLS, as libpq's `sslmode` names it. Certificates are not verified
    /// (`require` means encrypted, as in libpq).
    public enum TLSMode: String, Hashable, Sendable, CaseIterable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var query: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String? = nil, query: String = "SELECT 1", tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database ?? user
        self.query = query
        self.tls = tls
    }

    init(reading r: ConfigReader) throws {
        host = try r.requiredString("host")
        port = try r.int("port", in: 1...65535) ?? 5432
        user = try r.requiredString("user")
        password = try r.string("password")
        database = try r.has("database") ? r.requiredString("database") : user
        query = try r.has("query") ? r.requiredString("query") : "SELECT 1"
        tls = try r.child("tls").map { try TLSMode(rawValue: $0.choice(TLSMode.allCases.map(\.rawValue)))! } ?? .disable
    }
}
