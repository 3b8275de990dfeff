import Hummingbird

/// The auth service: health and login. Login issues a session token, but only while the backend
/// serves (the incident: login blocked because the backend was offline).
struct AuthRoutes: Sendable {
    let world: StagingWorld
    let sessions: SessionTokens

    private struct Credentials: Decodable {
        let username: String
        let password: String
    }

    func register(on router: Router<StagingRequestContext>) {
        router.get("/auth/health") { _, _ in
            try await Task.sleep(for: world.scenario.authDelay)
            return Response.json(["status": "healthy"])
        }
        router.post("/auth/login") { request, _ in
            var request = request
            guard let credentials = await request.jsonBody(Credentials.self),
                  !credentials.username.isEmpty, !credentials.password.isEmpty
            else {
                return Response.detail("Send {\"username\": …, \"password\": …} with both non-empty", status: .badRequest)
            }
            try await Task.sleep(for: world.scenario.authDelay)
            guard world.isBackendServing else {
                return Response.detail("Login unavailable: backend offline", status: .serviceUnavailable)
            }
            let token = sessions.issue(for: credentials.username)
            return Response.json(["token": .string(token), "user": .string(credentials.username)])
        }
    }
}
