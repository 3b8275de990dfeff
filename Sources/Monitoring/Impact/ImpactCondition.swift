/// When an impact holds, as config describes it:
///
/// ```yaml
/// when: { golden_path: failing }
/// when: { service_failing: { service: backend, for: 2m } }        # or services: [a, b], or any
/// when: { phase_failed: { service: backend, phase: DATABASE } }   # phase optional
/// when: { availability_below: { service: backend, window: 1h, percent: 95 } }
/// when: { any: [ … ] }   /   when: { all: [ … ] }
/// ```
public indirect enum ImpactCondition: Hashable, Sendable {
    case goldenPathFailing
    /// The services (all configured services when empty) failing, each for at least `for`.
    case serviceFailing(services: [String], for: Seconds)
    case phaseFailed(service: String, phase: String?)
    case availabilityBelow(service: String, window: Seconds, percent: Double)
    case any([ImpactCondition])
    case all([ImpactCondition])

    static let kinds = ["golden_path", "service_failing", "phase_failed", "availability_below", "any", "all"]

    /// Every service id the condition names (for config checks).
    var serviceIDs: [String] {
        switch self {
        case .goldenPathFailing: return []
        case .serviceFailing(let ids, _): return ids
        case .phaseFailed(let s, _), .availabilityBelow(let s, _, _): return [s]
        case .any(let c), .all(let c): return c.flatMap(\.serviceIDs)
        }
    }

    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping("a condition such as {golden_path: failing}")
        let present = try r.entries().map(\.key)
        guard present.count == 1, let kind = present.first else {
            throw r.error(present.isEmpty ? "needs one of: \(ImpactCondition.kinds.joined(separator: ", "))"
                          : "has \(present.joined(separator: " and ")); give one condition per item (use any: or all: to combine)")
        }
        switch kind {
        case "golden_path":
            _ = try r.required("golden_path").choice(["failing"])
            self = .goldenPathFailing
        case "service_failing":
            let c = try r.required("service_failing")
            if c.node.scalar != nil {
                let id = try c.string()
                self = .serviceFailing(services: id == "any" ? [] : [id], for: Seconds(0))
            } else {
                _ = try c.requireMapping("{service: backend, for: 2m}")
                var ids: [String] = []
                if let one = try c.string("service") { ids = one == "any" ? [] : [one] }
                if let many = try c.child("services") { ids += try many.list().map { try $0.string() } }
                self = .serviceFailing(services: ids, for: try c.seconds("for") ?? Seconds(0))
                try c.finish()
            }
        case "phase_failed":
            let c = try r.required("phase_failed")
            if c.node.scalar != nil {
                self = .phaseFailed(service: try c.string(), phase: nil)
            } else {
                _ = try c.requireMapping("{service: backend, phase: DATABASE}")
                self = .phaseFailed(service: try c.requiredString("service"), phase: try c.string("phase"))
                try c.finish()
            }
        case "availability_below":
            let c = try r.required("availability_below")
            _ = try c.requireMapping("{service: backend, window: 1h, percent: 95}")
            let window = try c.positiveSeconds("window", max: Seconds(7 * 86_400)) ?? Seconds(3600)
            let percentReader = try c.required("percent")
            let text = try percentReader.string().replacingOccurrences(of: "%", with: "")
            guard let percent = Double(text), (0...100).contains(percent) else {
                throw percentReader.error("expected a percentage between 0 and 100, found '\(text)'")
            }
            self = .availabilityBelow(service: try c.requiredString("service"), window: window, percent: percent)
            try c.finish()
        case "any", "all":
            let items = try r.required(kind).list()
            guard !items.isEmpty else { throw r.error(at: kind, "must list at least one condition") }
            let conditions = try items.map(ImpactCondition.init(reading:))
            self = kind == "any" ? .any(conditions) : .all(conditions)
        default:
            throw r.error(at: kind, "unknown condition '\(kind)'; use one of: \(ImpactCondition.kinds.joined(separator: ", "))")
        }
        try r.finish()
    }
}
