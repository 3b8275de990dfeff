/// A service the console watches, as the operator names it.
public struct ServiceConfig: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var description: String?
    public var check: CheckSpec
    /// Where the service's startup phases come from, if anywhere.
    public var startup: StartupSourceSpec?

    public init(id: String, name: String, description: String? = nil, check: CheckSpec, startup: StartupSourceSpec? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.check = check
        self.startup = startup
    }

    init(reading r: ConfigReader, defaults: CheckDefaults) throws {
        _ = try r.requireMapping("a service such as {id: backend, check: {…}}")
        id = try r.requiredString("id")
        guard ServiceConfig.isValidID(id) else {
            throw r.error(at: "id", "'\(id)' must be letters, digits, '-' or '_'")
        }
        name = try r.string("name") ?? id
        description = try r.string("description")
        let check = try r.recovering { try CheckSpec(reading: r.required("check"), defaults: defaults) }
        startup = try r.child("startup").flatMap { s in try s.recovering { try StartupSourceSpec(reading: s) } }
        try r.finish()
        // Both blocks were read, so that the problems of each are reported.
        guard let check else { throw ConfigErrorRecorded() }
        self.check = check
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }
}
