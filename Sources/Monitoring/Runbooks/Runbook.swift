/// A runbook: the ordered steps responders follow for one kind of trouble.
///
/// ```yaml
/// - id: staging-backend
///   title: Staging backend does not start
///   description: The steps of the staging outage, in order.
///   remedies: { services: [backend], banners: [chat-offline] }
///   steps:
///     - id: check-timeouts
///       run: [gcloud, run, services, describe, backend-staging, --format=yaml]
///       expect: { output_not_matches: 'timeout: 20\.0', on_mismatch: regression }
/// ```
///
/// Contract: at least one step; step ids are unique within the runbook.
public struct Runbook: Hashable, Sendable, Identifiable {
    public var id: String
    public var title: String
    public var description: String?
    public var remedies: RunbookLink
    public var steps: [RunbookStep]

    public init(id: String, title: String? = nil, description: String? = nil, remedies: RunbookLink = .nothing, steps: [RunbookStep]) {
        self.id = id
        self.title = title ?? id
        self.description = description
        self.remedies = remedies
        self.steps = steps
    }

    /// The step with id `id`.
    public func step(_ id: String) -> RunbookStep? { steps.first { $0.id == id } }

    init(reading r: ConfigReader, targets: RunbookLink.Targets, baseDirectory: String) throws {
        _ = try r.requireMapping("a runbook such as {id: restart-backend, title: …, steps: […]}")
        id = try r.requiredString("id")
        guard ServiceConfig.isValidID(id) else { throw r.error(at: "id", "'\(id)' must be letters, digits, '-' or '_'") }
        title = try r.string("title") ?? id
        description = try r.string("description")
        remedies = try r.child("remedies").map { try RunbookLink(reading: $0, targets: targets) } ?? .nothing
        let list = try r.required("steps").list()
        guard !list.isEmpty else { throw r.error(at: "steps", "must list at least one step") }
        var steps: [RunbookStep] = []
        for item in list {
            guard let step = try item.recovering({ try RunbookStep(reading: item, baseDirectory: baseDirectory) }) else { continue }
            if let first = steps.firstIndex(where: { $0.id == step.id }) {
                item.record(item.error(at: "id", "duplicate step id '\(step.id)' (also steps[\(first)])"))
            }
            steps.append(step)
        }
        self.steps = steps
        try r.finish()
    }
}
