import Synchronization

/// The session tokens the auth service issued. The chat socket admits only these.
final class SessionTokens: Sendable {
    private let users = Mutex<[String: String]>([:])

    /// A new random token for `user`.
    func issue(for user: String) -> String {
        let token = RandomHex.make(bytes: 16)
        users.withLock { $0[token] = user }
        return token
    }

    /// The user `token` was issued to, or nil if it was never issued.
    func user(for token: String) -> String? {
        users.withLock { $0[token] }
    }
}
