import Foundation
import Hummingbird

/// Whether a client may open the chat socket: the backend must be serving (the socket lives on
/// it) and the client must present a session token the auth service issued, as
/// `Authorization: Bearer <token>` or `?token=<token>`.
enum ChatAdmission: Sendable {
    case admitted(user: String)
    /// No token, or one that was never issued.
    case unauthorized
    /// The backend is down: nothing answers on the socket's path.
    case backendOffline

    init(_ request: Request, world: StagingWorld, sessions: SessionTokens) {
        guard world.isBackendServing else {
            self = .backendOffline
            return
        }
        guard let token = Self.token(in: request), let user = sessions.user(for: token) else {
            self = .unauthorized
            return
        }
        self = .admitted(user: user)
    }

    private static func token(in request: Request) -> String? {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        return request.uri.queryParameters["token"].map(String.init)
    }
}
