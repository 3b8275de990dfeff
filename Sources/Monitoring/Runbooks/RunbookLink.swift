/// What a runbook remedies, so the console can offer it where the trouble shows.
///
/// ```yaml
/// remedies:
///   services: [backend]              # service ids from services:
///   phases: [DATABASE]               # startup phase names, as the services report them
///   golden_path_steps: [login]       # step ids from golden_path:
///   banners: [chat-offline]          # impact rule ids from impact:
/// ```
///
/// Contract: services, golden-path steps and banners name things the config defines; phases
/// are taken as written, since services report them only at run time.
public struct RunbookLink: Hashable, Sendable {
    public var services: [String]
    public var phases: [String]
    public var goldenPathSteps: [String]
    public var banners: [String]

    public init(services: [String] = [], phases: [String] = [], goldenPathSteps: [String] = [], banners: [String] = []) {
        self.services = services
        self.phases = phases
        self.goldenPathSteps = goldenPathSteps
        self.banners = banners
    }

    public static let nothing = RunbookLink()

    public var isEmpty: Bool { services.isEmpty && phases.isEmpty && goldenPathSteps.isEmpty && banners.isEmpty }

    /// The ids a link may name, from the rest of the config.
    struct Targets {
        var services: Set<String>
        var goldenPathSteps: Set<String>
        var banners: Set<String>
    }

    init(reading r: ConfigReader, targets: Targets) throws {
        _ = try r.requireMapping("a mapping such as {services: [backend], banners: [chat-offline]}")
        func names(_ key: String, known: Set<String>?, what: String) throws -> [String] {
            guard let list = try r.child(key) else { return [] }
            return try list.listOrSingle().map { item in
                let name = try item.string()
                if let known, !known.contains(name) { throw item.error("names \(what) '\(name)', which is not in the config") }
                return name
            }
        }
        services = try names("services", known: targets.services, what: "service")
        phases = try names("phases", known: nil, what: "phase")
        goldenPathSteps = try names("golden_path_steps", known: targets.goldenPathSteps, what: "golden path step")
        banners = try names("banners", known: targets.banners, what: "impact rule")
        try r.finish()
    }
}
