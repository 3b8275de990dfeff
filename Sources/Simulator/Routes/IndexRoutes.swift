import Hummingbird

/// `GET /`: what this server is and which endpoints it has.
struct IndexRoutes: Sendable {
    let world: StagingWorld

    func register(on router: Router<StagingRequestContext>) {
        router.get("/") { _, _ in
            Response.json([
                "name": "warroom simulated staging",
                "service": .string(Incident.service),
                "scenario": .string(world.scenario.rawValue),
                "endpoints": .array(Endpoint.all.map(\.json)),
            ])
        }
    }
}
