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
        // Said before anything is parsed: a `#` or `?` in a password would otherwise move part
        // of it into the host or the options, where an error might show it.
        if text.contains("#") { throw StoreURLError("has a # in it (write # in a password as %23)") }
        if text.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) { throw StoreURLError("has spaces or control characters in it") }
        guard let components = URLComponents(string: text) else { throw StoreURLError("is not a valid URL (write @ : / ? in a password as %40 %3A %2F %3F)") }
        func decoded(_ part: String?, _ name: String) throws(StoreURLError) -> String? {
            guard let part, !part.isEmpty else { return nil }
            guard let value = part.removingPercentEncoding else { throw StoreURLError("has a \(name) with bad percent-encoding") }
            return value
        }
        var host = components.percentEncodedHost ?? ""
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let plainHost = try decoded(host, "host") else { throw StoreURLError("names no host (postgres://user@HOST:5432/database)") }
        var port = 5432
        if let p = components.port {
            guard (1...65535).contains(p) else { throw StoreURLError("has port \(p), outside 1–65535") }
            port = p
        } else if let authority = text.split(separator: "/").dropFirst(1).first, authority.hasSuffix(":") {
            throw StoreURLError("has an empty port")
        }
        let user = try decoded(components.percentEncodedUser, "user")
            ?? variables["PGUSER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? variables["USER"].flatMap { $0.isEmpty ? nil : $0 }
        guard let user else { throw StoreURLError("names no user (postgres://USER@host/database), and PGUSER is not set") }
        let password = try decoded(components.percentEncodedPassword, "password") ?? variables["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        var database = try decoded(String(components.percentEncodedPath.drop { $0 == "/" }), "database") ?? ""
        if database.contains("/") { throw StoreURLError("has a path with more than a database name") }
        if database.isEmpty { database = user }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            // Only known words are repeated back; anything else is named by its length.
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    let shown = item.value.map { Self.isWord($0) ? $0 : "(\($0.count) characters)" } ?? ""
                    throw StoreURLError("has sslmode=\(shown) (use \(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                tls = mode
            case "application_name":
                continue
            default:
                let shown = Self.isWord(item.name) ? item.name : "of \(item.name.count) characters"
                throw StoreURLError("has an option this store does not know: \(shown) (known: sslmode, application_name)")
            }
        }
        for (name, value) in [("user", user), ("database", database)] where value.utf8.count > 63 || value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw StoreURLError("has a \(name) name over 63 bytes or with control characters")
        }
        guard plainHost.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else { throw StoreURLError("has a host with spaces or control characters") }
        self.init(host: plainHost, port: port, user: user, password: password, database: database, tls: tls)
    }

    /// Letters, digits, `_` and `-`, at most 32: safe to repeat in an error.
    private static func isWord(_ text: String) -> Bool {
        text.count <= 32 && !text.isEmpty && text.unicodeScalars.allSatisfy { ($0.value < 0x80) && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") }
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
