import Hummingbird

/// The backend service: health, startup status and the agent API.
struct BackendRoutes: Sendable {
    let world: StagingWorld

    func register(on router: Router<StagingRequestContext>) {
        router.get("/backend/health") { _, _ in
            try await Task.sleep(for: world.scenario.backendHealthDelay)
            return Self.health(world.backendHealth())
        }
        router.get("/backend/startup") { _, _ in
            Response.json(world.startupStatus().json)
        }
        router.get("/backend/api/agent/status") { _, _ in
            guard world.isBackendServing else {
                return Response.detail("Agent service unavailable: backend not started", status: .internalServerError)
            }
            return Response.json(["status": "ok", "agent": "ready", "tools": ["search"]])
        }
    }

    /// 200 `{"status":"healthy","checks":…}` or 503 `{"status":"unhealthy","detail":…,"phase":…,"exit_code":…,"restarts":…}`.
    private static func health(_ health: BackendHealth) -> Response {
        switch health {
        case .healthy:
            return .json(["status": "healthy", "checks": ["database": "ok", "redis": "ok", "websocket": "ok"]])
        case .unhealthy(let detail, let phase, let exitCode, let restarts):
            return .json(
                [
                    "status": "unhealthy",
                    "detail": .string(detail),
                    "phase": JSON(phase?.name),
                    "exit_code": JSON(exitCode),
                    "restarts": .int(restarts),
                ],
                status: .serviceUnavailable
            )
        }
    }
}
