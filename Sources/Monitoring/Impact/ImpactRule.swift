/// A business-impact rule: when its condition holds, a banner with a severity, a title and a
/// text says what is broken and what it costs.
///
/// ```yaml
/// impact:
///   - id: chat-offline
///     severity: P0
///     title: Chat offline
///     text: "{arr} pipeline blocked · {failing_step} fails · down {duration}"
///     values: { arr: "$500K+ ARR" }
///     when: { golden_path: failing }
///     clear_after: 1m        # the condition must stay false this long before the banner clears
/// ```
public struct ImpactRule: Hashable, Sendable, Identifiable {
    public var id: String
    public var severity: Severity
    public var title: String
    public var text: String
    public var values: [String: String]
    public var condition: ImpactCondition
    public var clearAfter: Seconds

    public init(id: String, severity: Severity, title: String, text: String = "", values: [String: String] = [:], condition: ImpactCondition, clearAfter: Seconds = Seconds(60)) {
        self.id = id
        self.severity = severity
        self.title = title
        self.text = text
        self.values = values
        self.condition = condition
        self.clearAfter = clearAfter
    }

    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping("an impact rule with id, severity, title and when")
        id = try r.requiredString("id")
        guard ServiceConfig.isValidID(id) else { throw r.error(at: "id", "'\(id)' must be letters, digits, '-' or '_'") }
        let sev = try r.required("severity")
        let sevText = try sev.string().uppercased()
        guard let s = Severity(rawValue: sevText) else { throw sev.error("expected P0, P1, P2 or P3, found '\(sevText)'") }
        severity = s
        title = try r.requiredString("title")
        text = try r.string("text") ?? ""
        values = try Dictionary(r.child("values")?.entries().map { ($0.key, try $0.value.string()) } ?? [], uniquingKeysWith: { a, _ in a })
        condition = try ImpactCondition(reading: r.required("when"))
        clearAfter = try r.seconds("clear_after") ?? Seconds(60)
        try r.finish()
    }
}
