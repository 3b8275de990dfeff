import Foundation

/// Where an impact condition holds: since when, and the values its banner text can use.
public struct ImpactMatch: Hashable, Sendable {
    /// When the condition began to hold, as far as the state shows (a service's time in its
    /// failing state, the golden path's first failure).
    public var since: Date
    /// Values for the banner text: `services`, `failing_step`, `failing_reason`,
    /// `blocked_steps`, `phase`, `phase_status`, `phase_elapsed`, `phase_error`, `exit_code`,
    /// `restarts`, `attempt`, `availability`.
    public var values: [String: String]

    public init(since: Date, values: [String: String]) {
        self.since = since
        self.values = values
    }
}

/// Decides whether impact conditions hold. Pure: the same inputs give the same answer.
public enum ImpactEvaluator {
    public static func evaluate(_ condition: ImpactCondition, _ inputs: ImpactInputs) -> ImpactMatch? {
        switch condition {
        case .goldenPathFailing:
            guard let run = inputs.goldenPath, !run.passed else { return nil }
            var values: [String: String] = [:]
            if let f = run.firstFailure {
                values["failing_step"] = f.name
                values["failing_reason"] = f.reason
            }
            values["blocked_steps"] = run.blocked.isEmpty ? "nothing else" : run.blocked.map(\.name).joined(separator: ", ")
            return ImpactMatch(since: inputs.goldenPathSince ?? inputs.now, values: values)

        case .serviceFailing(let ids, let minimum):
            let candidates = ids.isEmpty ? inputs.services : inputs.services.filter { ids.contains($0.id) }
            let failing = candidates.filter { s in
                s.status == .fail && inputs.now.timeIntervalSince(s.since ?? inputs.now) >= minimum.value
            }
            guard !failing.isEmpty else { return nil }
            let since = failing.compactMap(\.since).min() ?? inputs.now
            return ImpactMatch(since: since, values: ["services": failing.map(\.name).joined(separator: ", ")])

        case .phaseFailed(let id, let phaseName):
            guard let s = inputs.services.first(where: { $0.id == id }), let phase = s.failedPhase else { return nil }
            if let phaseName, phase.name.caseInsensitiveCompare(phaseName) != .orderedSame { return nil }
            var values = ["services": s.name, "phase": phase.name, "phase_status": phase.status.rawValue]
            if let e = phase.elapsed { values["phase_elapsed"] = String(format: "%.1fs", e) }
            if let e = phase.error { values["phase_error"] = e }
            if let code = s.exitCode { values["exit_code"] = String(code) }
            if let r = s.startup?.restarts { values["restarts"] = String(r) }
            if let a = s.startup?.attempt { values["attempt"] = String(a) }
            return ImpactMatch(since: s.failingStartupSince ?? inputs.now, values: values)

        case .availabilityBelow(let id, let window, let percent):
            guard let s = inputs.services.first(where: { $0.id == id }),
                  let share = s.history?.availability(over: window.value, now: inputs.now),
                  share * 100 < percent else { return nil }
            return ImpactMatch(since: inputs.now, values: ["services": s.name, "availability": String(format: "%.1f%%", share * 100)])

        case .any(let conditions):
            let matches = conditions.compactMap { evaluate($0, inputs) }
            guard !matches.isEmpty else { return nil }
            return merge(matches, since: matches.map(\.since).min()!)

        case .all(let conditions):
            var matches: [ImpactMatch] = []
            for c in conditions {
                guard let m = evaluate(c, inputs) else { return nil }
                matches.append(m)
            }
            return merge(matches, since: matches.map(\.since).max()!)
        }
    }

    static func merge(_ matches: [ImpactMatch], since: Date) -> ImpactMatch {
        var values: [String: String] = [:]
        for m in matches {
            for (k, v) in m.values {
                if k == "services", let old = values[k], !old.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).contains(v) {
                    values[k] = old + ", " + v
                } else if values[k] == nil {
                    values[k] = v
                }
            }
        }
        return ImpactMatch(since: since, values: values)
    }
}

/// Fills a banner text template: `{name}` from the values; an unknown or missing value shows
/// as `[no name]`, never as a crash or an empty hole. `{{` writes a literal `{`.
public enum ImpactText {
    public static func render(_ template: String, values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if after.hasPrefix("{") {
                out += "{"
                rest = after.dropFirst()
                continue
            }
            guard let close = after.firstIndex(of: "}") else {
                out += rest[open...]
                return out
            }
            let name = after[..<close].trimmingCharacters(in: .whitespaces)
            if let v = values[name], !v.isEmpty { out += v } else { out += "[no \(name)]" }
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }
}
