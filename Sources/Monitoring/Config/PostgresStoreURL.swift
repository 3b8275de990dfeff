import Foundation

/// Where a shared store lives: a libpq-style URL, `postgres://user[:password]@host[:port]/database?sslmode=…`
/// (`postgresql://` too).
///
/// Contract: parsing never traps and names what is wrong in one line; the password comes from
/// the URL, else `PGPASSWORD`; `description` never contains it (it is what the screen, the
/// footer and every error show). Host, port (1–65535), user and database are checked here,
/// so that nothing from a URL reaches the driver unchecked; the user defaults to `PGUSER`, then
/// the account name, the database to the user, the port to 5432, as libpq does.
public struct PostgresStoreURL: Hashable, Sendable, CustomStringConvertible {
    /// The same words, and the same meaning, as a PostgreSQL check's `tls`.
    public typealias TLSMode = PostgresCheckSpec.TLSMode

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// Whether `text` is meant as a PostgreSQL URL rather than a file path.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String, tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses `text`; `variables` are the process environment (`PGPASSWORD`, `PGUSER`, `USER`).
    public init(parsing text: String, variables: [String: String]) throws(StoreURLError) {
        guard Self.isURL(text) else { throw StoreURLError("must start with postgres:// or postgresql://") }
        guard let components = URLComponents(string: text) else { throw StoreURLError("is not a valid URL") }
        guard let host = components.host.map({ $0.removingPercentEncoding ?? $0 }), !host.isEmpty else {
            throw StoreURLError("names no host (postgres://user@HOST:5432/database)")
        }
        guard host.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else { throw StoreURLError("has a host with spaces or control characters") }
        var port = 5432
        if let p = components.port {
            guard (1...65535).contains(p) else { throw StoreURLError("has port \(p), outside 1–65535") }
            port = p
        } else if let authority = text.split(separator: "/").dropFirst(1).first, authority.hasSuffix(":") {
            throw StoreURLError("has an empty port")
        }
        let user = (components.percentEncodedUser?.removingPercentEncoding).flatMap { $0.isEmpty ? nil : $0 }
            ?? variables["PGUSER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? variables["USER"].flatMap { $0.isEmpty ? nil : $0 }
        guard let user else { throw StoreURLError("names no user (postgres://USER@host/database), and PGUSER is not set") }
        let password = (components.percentEncodedPassword?.removingPercentEncoding).flatMap { $0.isEmpty ? nil : $0 }
            ?? variables["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        var database = String(components.percentEncodedPath.drop { $0 == "/" })
        database = database.removingPercentEncoding ?? database
        if database.contains("/") { throw StoreURLError("has a path with more than a database name") }
        if database.isEmpty { database = user }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw StoreURLError("has sslmode=\(item.value ?? "") (use \(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                tls = mode
            case "application_name", "connect_timeout":
                continue
            default:
                throw StoreURLError("has an option this store does not know: \(item.name) (known: sslmode, application_name, connect_timeout)")
            }
        }
        for (name, value) in [("user", user), ("database", database)] where value.utf8.count > 63 || value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw StoreURLError("has a \(name) name over 63 bytes or with control characters")
        }
        self.init(host: host, port: port, user: user, password: password, database: database, tls: tls)
    }

    /// The URL without its password: what may be shown.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)"
    }

    /// `host:port`, for reasons that name the server.
    public var server: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Why a store URL cannot be used, as the end of a sentence that begins with the URL.
public struct StoreURLError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problem: String
    public init(_ problem: String) { self.problem = problem }
    public var description: String { problem }
}
