/// The user journey as config describes it: ordered steps, each a check, where later steps
/// may use values captured from earlier responses (`${token}`).
public struct GoldenPathSpec: Hashable, Sendable {
    public var name: String
    public var interval: Seconds
    public var steps: [GoldenPathStepSpec]

    public init(name: String, interval: Seconds, steps: [GoldenPathStepSpec]) {
        self.name = name
        self.interval = interval
        self.steps = steps
    }

    /// Capture names declared anywhere in a `golden_path` node, read before the rest so
    /// `${name}` placeholders for them are left for run time instead of the environment.
    static func captureNames(in r: ConfigReader) throws -> Set<String> {
        guard let steps = try r.child("steps"), steps.node.sequence != nil else { return [] }
        var names = Set<String>()
        for step in try steps.list() where step.node.mapping != nil {
            if let capture = try step.child("capture"), capture.node.mapping != nil {
                for (name, _) in try capture.entries() { names.insert(name) }
            }
        }
        return names
    }

    init(reading r: ConfigReader, defaults: CheckDefaults) throws {
        _ = try r.requireMapping("a golden path with steps")
        name = try r.string("name") ?? "Golden path"
        interval = try r.positiveSeconds("interval") ?? Seconds(30)
        let list = try r.required("steps").list()
        guard !list.isEmpty else { throw r.error(at: "steps", "must list at least one step") }
        var steps: [GoldenPathStepSpec] = []
        var captured: [String] = []
        let later = r.context.deferredNames
        for item in list {
            r.context.capturesSoFar = captured
            defer { r.context.capturesSoFar = nil }
            guard let step = try item.recovering({ try GoldenPathStepSpec(reading: item, defaults: defaults, available: Set(captured), later: later) }) else { continue }
            if steps.contains(where: { $0.id == step.id }) {
                item.record(item.error(at: "id", "duplicate step id '\(step.id)'"))
            }
            captured += step.captures.map(\.name).filter { !captured.contains($0) }
            steps.append(step)
        }
        self.steps = steps
        try r.finish()
    }
}

/// One step of the golden path: a check, and the values to take from its JSON response.
public struct GoldenPathStepSpec: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var check: CheckSpec
    public var captures: [Capture]

    /// A value taken from a step's JSON response under `name`, used later as `${name}`.
    public struct Capture: Hashable, Sendable {
        public var name: String
        public var path: JSONPath
        public init(name: String, path: JSONPath) {
            self.name = name
            self.path = path
        }
    }

    public init(id: String, name: String, check: CheckSpec, captures: [Capture] = []) {
        self.id = id
        self.name = name
        self.check = check
        self.captures = captures
    }

    /// `available`: what earlier steps capture; `later`: every capture of the path, so that a
    /// name captured only by a later step is said to be in the wrong order.
    init(reading r: ConfigReader, defaults: CheckDefaults, available: Set<String>, later: Set<String>) throws {
        _ = try r.requireMapping("a step such as {id: login, check: {…}, capture: {token: token}}")
        id = try r.requiredString("id")
        guard ServiceConfig.isValidID(id) else { throw r.error(at: "id", "'\(id)' must be letters, digits, '-' or '_'") }
        name = try r.string("name") ?? id
        let checkReader = try r.required("check")
        check = try CheckSpec(reading: checkReader, defaults: defaults)
        // A name that is no capture at all is reported as the text is read (ConfigContext.expand).
        for placeholder in Template.names(in: checkReader.rawText) where later.contains(placeholder) && !available.contains(placeholder) {
            checkReader.record(checkReader.error("uses ${\(placeholder)}, which only a later step captures; a step can use what the steps before it capture"))
        }
        captures = try r.child("capture")?.entries().map { name, value in
            let text = try value.string()
            guard let path = JSONPath(text) else { throw value.error("'\(text)' is not a path such as token or data.session.id") }
            return Capture(name: name, path: path)
        } ?? []
        try r.finish()
    }
}
