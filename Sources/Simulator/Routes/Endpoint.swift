/// One endpoint of the simulated staging, as the index at `GET /` lists it.
struct Endpoint: Sendable {
    let method: String
    let path: String
    let summary: String

    /// Every endpoint the simulator serves.
    static let all: [Endpoint] = [
        Endpoint(method: "GET", path: "/", summary: "this index"),
        Endpoint(method: "GET", path: "/backend/health", summary: "backend health: 200 healthy, 503 with the startup failure"),
        Endpoint(method: "GET", path: "/backend/startup", summary: "startup attempt, state and phases (Warroom startup schema)"),
        Endpoint(method: "GET", path: "/backend/api/agent/status", summary: "agent service: 500 while the backend is not started"),
        Endpoint(method: "GET", path: "/auth/health", summary: "auth service health"),
        Endpoint(method: "POST", path: "/auth/login", summary: "{\"username\",\"password\"} -> session token; 503 while the backend is offline"),
        Endpoint(method: "GET", path: "/frontend/health", summary: "frontend health"),
        Endpoint(method: "GET", path: "/ws/chat", summary: "chat WebSocket (Bearer token or ?token=): five agent events per chat message"),
        Endpoint(method: "GET", path: "/admin/scenario", summary: "current scenario and the choices"),
        Endpoint(method: "PUT", path: "/admin/scenario", summary: "switch scenario: {\"scenario\":NAME} or ?name=NAME (POST works too)"),
        Endpoint(method: "GET", path: "/admin/connector", summary: "describe the VPC connector"),
        Endpoint(method: "POST", path: "/admin/connector/scale", summary: "give the VPC connector capacity (takes effect on the next attempt)"),
        Endpoint(method: "GET", path: "/admin/database", summary: "describe the database instance"),
        Endpoint(method: "GET", path: "/admin/timeouts", summary: "the backend's live timeout configuration (seconds) and pool size"),
        Endpoint(method: "POST", path: "/admin/backend/restart", summary: "restart the backend: a new startup attempt begins now"),
        Endpoint(method: "GET", path: "/admin/faults", summary: "the faults set, by path, and the choices"),
        Endpoint(method: "PUT", path: "/admin/faults", summary: "make a path misbehave: {\"path\":PATH,\"fault\":NAME} (null clears it)"),
        Endpoint(method: "DELETE", path: "/admin/faults", summary: "clear every fault"),
    ]

    var json: JSON {
        ["method": .string(method), "path": .string(path), "summary": .string(summary)]
    }
}
