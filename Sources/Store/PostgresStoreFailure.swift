import Foundation
import Monitoring
import PostgresNIO

/// A PostgreSQL failure as a store error: one line that names the server, never the password,
/// and says what to do.
enum PostgresStoreFailure {
    enum Phase { case connect, query }

    static func error(_ error: any Error, url: PostgresStoreURL, during phase: Phase) -> StoreError {
        if let e = error as? StoreError { return e }
        let server = url.server
        guard let e = error as? PSQLError else {
            return .database(url: url.description, reason: "cannot reach PostgreSQL at \(server): \(Sanitize.line(String(describing: error)))")
        }
        switch e.code {
        case .server:
            let message = Sanitize.line(e.serverInfo?[.message] ?? "server error")
            switch e.serverInfo?[.sqlState] {
            case "28P01", "28000":
                return .database(url: url.description, reason: "PostgreSQL at \(server) refused user \"\(url.user)\": \(message) — check the password (in the URL or PGPASSWORD) and pg_hba.conf")
            case "3D000":
                return .database(url: url.description, reason: "database \"\(url.database)\" does not exist on \(server) — create it (createdb \(url.database)) or name another")
            case "42501":
                return .readOnly(path: url.description, reason: "user \"\(url.user)\" may not write: \(message)")
            case "53300":
                return .database(url: url.description, reason: "PostgreSQL at \(server) has no connection left for user \"\(url.user)\": \(message)")
            default:
                return .database(url: url.description, reason: "PostgreSQL at \(server): \(message)")
            }
        case .connectionError:
            let why = e.underlying.map { NetworkFailure.reason(for: $0, timeout: Seconds(5), host: url.host) } ?? "connection error"
            return .database(url: url.description, reason: "cannot reach PostgreSQL at \(server): \(why) — is it running and listening there?")
        case .sslUnsupported:
            return .database(url: url.description, reason: "PostgreSQL at \(server) does not offer TLS — use sslmode=prefer or sslmode=disable")
        case .authMechanismRequiresPassword:
            return .database(url: url.description, reason: "PostgreSQL at \(server) asks user \"\(url.user)\" for a password — give it in the URL or in PGPASSWORD")
        case .saslError, .unsupportedAuthMechanism:
            return .database(url: url.description, reason: "PostgreSQL at \(server) refused user \"\(url.user)\" (authentication) — check the password")
        case .messageDecodingFailure, .unexpectedBackendMessage, .receivedUnencryptedDataAfterSSLRequest:
            return .database(url: url.description, reason: "\(server) does not answer as PostgreSQL does — check host and port")
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return .database(url: url.description, reason: "the connection to PostgreSQL at \(server) was lost")
        default:
            return .database(url: url.description, reason: "PostgreSQL at \(server): \(e.code)")
        }
    }
}
