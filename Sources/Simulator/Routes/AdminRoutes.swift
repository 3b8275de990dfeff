import Hummingbird

/// The operator's controls over the simulated staging: scenario switching and the recovery
/// actions of the runbook (describe and scale the connector, describe the database, restart).
struct AdminRoutes: Sendable {
    let world: StagingWorld
    let faults: FaultTable

    private struct ScenarioChoice: Decodable {
        let scenario: String
    }

    private struct FaultChoice: Decodable {
        let path: String
        let fault: String?
    }

    func register(on router: Router<StagingRequestContext>) {
        router.get("/admin/scenario") { _, _ in
            Response.json(scenarioJSON())
        }
        router.put("/admin/scenario") { request, _ in
            await switchScenario(request)
        }
        router.post("/admin/scenario") { request, _ in
            await switchScenario(request)
        }
        router.get("/admin/connector") { _, _ in
            Response.json(Self.connectorJSON(world.connector))
        }
        router.post("/admin/connector/scale") { _, _ in
            world.scaleConnector()
            return Response.json(Self.connectorJSON(world.connector))
        }
        router.get("/admin/database") { _, _ in
            Response.json(Self.databaseJSON(world.connector))
        }
        router.get("/admin/timeouts") { _, _ in
            Response.json(Self.timeoutsJSON())
        }
        router.post("/admin/backend/restart") { _, _ in
            Response.json(world.restartBackend().json, status: .accepted)
        }
        router.get("/admin/faults") { _, _ in
            Response.json(faultsJSON())
        }
        router.put("/admin/faults") { request, _ in
            await setFault(request)
        }
        router.delete("/admin/faults") { _, _ in
            faults.clear()
            return Response.json(faultsJSON())
        }
    }

    /// Takes `{"path": "/backend/health", "fault": "hang"}` (`"fault": null` clears the path);
    /// 400 with the choices when the fault is unknown or cannot go on that path.
    private func setFault(_ request: Request) async -> Response {
        var request = request
        guard let choice = await request.jsonBody(FaultChoice.self) else {
            return .json(["detail": "Give {\"path\": PATH, \"fault\": NAME or null}", "faults": Self.faultNames], status: .badRequest)
        }
        var fault: Fault?
        if let name = choice.fault {
            guard let known = Fault(rawValue: name) else {
                return .json(["detail": .string("Unknown fault '\(name)'"), "faults": Self.faultNames], status: .badRequest)
            }
            fault = known
        }
        do throws(FaultRefusal) {
            try faults.set(fault, on: choice.path)
        } catch {
            return .detail(error.description, status: .badRequest)
        }
        return .json(faultsJSON())
    }

    private func faultsJSON() -> JSON {
        [
            "faults": .object(faults.all.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value.rawValue)) }),
            "choices": Self.faultNames,
        ]
    }

    private static var faultNames: JSON {
        .array(Fault.allCases.map { .string($0.rawValue) })
    }

    /// Takes the scenario from `?name=` or a `{"scenario": …}` body; 400 with the choices when it is missing or unknown.
    private func switchScenario(_ request: Request) async -> Response {
        var request = request
        let name: String? = if let query = request.uri.queryParameters["name"] {
            String(query)
        } else {
            await request.jsonBody(ScenarioChoice.self)?.scenario
        }
        guard let name, let scenario = Scenario(rawValue: name) else {
            let detail = name.map { "Unknown scenario '\($0)'" } ?? "Give the scenario as {\"scenario\": NAME} or ?name=NAME"
            return .json(["detail": .string(detail), "scenarios": Self.scenarioNames], status: .badRequest)
        }
        world.switchScenario(to: scenario)
        return .json(scenarioJSON())
    }

    private func scenarioJSON() -> JSON {
        ["scenario": .string(world.scenario.rawValue), "scenarios": Self.scenarioNames]
    }

    private static var scenarioNames: JSON {
        .array(Scenario.allCases.map { .string($0.rawValue) })
    }

    private static func connectorJSON(_ capacity: ConnectorCapacity) -> JSON {
        [
            "name": .string(Incident.connector),
            "state": "READY",
            "ip_cidr_range": .string(Incident.connectorCIDR),
            "min_instances": .int(capacity.instances.min),
            "max_instances": .int(capacity.instances.max),
            "capacity": .string(capacity.rawValue),
        ]
    }

    private static func timeoutsJSON() -> JSON {
        .object(Incident.timeouts.map { ($0.key, JSON.number($0.seconds)) }
            + [("pool_size", .int(Incident.poolSize)), ("max_overflow", .int(Incident.poolMaxOverflow))])
    }

    private static func databaseJSON(_ capacity: ConnectorCapacity) -> JSON {
        [
            "instance": .string(Incident.database),
            "state": "RUNNABLE",
            "connections": .int(capacity.databaseConnections),
            "max_connections": .int(Incident.databaseConnectionLimit),
        ]
    }
}
