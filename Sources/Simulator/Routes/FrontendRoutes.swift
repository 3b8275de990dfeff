import Hummingbird

/// The frontend (web client): always up, it only serves static files.
struct FrontendRoutes: Sendable {
    func register(on router: Router<StagingRequestContext>) {
        router.get("/frontend/health") { _, _ in
            Response.json(["status": "healthy"])
        }
    }
}
