import Foundation
import Monitoring
import SafeText
import TUI

/// What `warroom check` prints: every service's state after one poll, as text or JSON.
///
/// JSON schema (stable; fields are only ever added):
/// `{"environment": String, "status": "ok|warn|fail|unknown", "checked_at": ISO-8601,
///   "services": [{"id", "name", "status", "latency_ms": Number|null, "code": Int|null,
///   "reason", "target"}],
///   "phases": [{"service", "attempt", "name", "status": "pending|running|ok|failed|timeout|skipped",
///   "elapsed_s", "timeout_s", "error"}] (services with a startup source, in order),
///   "golden_path": {"name", "status": "pass|fail", "steps": [{"id", "name",
///   "status": "pass|fail|blocked", "latency_ms", "code", "reason"}]} (only with a golden path),
///   "banners": [{"rule", "severity": "P0|P1|P2|P3", "title", "text", "since": ISO-8601,
///   "acknowledged_by": String|null, "acknowledged_at": ISO-8601|null, "holding": Bool}]
///   (impact banners up, worst first)}`. Every key is always written: an unknown value is
///   `null` (and `golden_path` is `null` without a golden path, or before its first walk).
public struct CheckReport: Sendable {
    public struct Service: Encodable, Sendable {
        public var id: String
        public var name: String
        public var status: CheckStatus
        public var latency_ms: Double?
        public var code: Int?
        public var reason: String
        public var target: String

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(status, forKey: .status)
            try c.encode(latency_ms, forKey: .latency_ms)
            try c.encode(code, forKey: .code)
            try c.encode(reason, forKey: .reason)
            try c.encode(target, forKey: .target)
        }

        enum Keys: String, CodingKey { case id, name, status, latency_ms, code, reason, target }
    }

    public struct GoldenPath: Encodable, Sendable {
        public var name: String
        public var status: GoldenPathStepStatus
        public var steps: [Step]
    }

    public struct Phase: Encodable, Sendable {
        public var service: String
        public var attempt: Int?
        public var name: String
        public var status: PhaseStatus
        public var elapsed_s: Double?
        public var timeout_s: Double?
        public var error: String?

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(service, forKey: .service)
            try c.encode(attempt, forKey: .attempt)
            try c.encode(name, forKey: .name)
            try c.encode(status, forKey: .status)
            try c.encode(elapsed_s, forKey: .elapsed_s)
            try c.encode(timeout_s, forKey: .timeout_s)
            try c.encode(error, forKey: .error)
        }

        enum Keys: String, CodingKey { case service, attempt, name, status, elapsed_s, timeout_s, error }
    }

    public struct Step: Encodable, Sendable {
        public var id: String
        public var name: String
        public var status: GoldenPathStepStatus
        public var latency_ms: Double?
        public var code: Int?
        public var reason: String

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(status, forKey: .status)
            try c.encode(latency_ms, forKey: .latency_ms)
            try c.encode(code, forKey: .code)
            try c.encode(reason, forKey: .reason)
        }

        enum Keys: String, CodingKey { case id, name, status, latency_ms, code, reason }
    }

    public struct Banner: Encodable, Sendable {
        public var rule: String
        public var severity: Severity
        public var title: String
        public var text: String
        public var since: String
        public var acknowledged_by: String?
        public var acknowledged_at: String?
        /// False while the banner waits out `clear_after`.
        public var holding: Bool

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(rule, forKey: .rule)
            try c.encode(severity, forKey: .severity)
            try c.encode(title, forKey: .title)
            try c.encode(text, forKey: .text)
            try c.encode(since, forKey: .since)
            try c.encode(acknowledged_by, forKey: .acknowledged_by)
            try c.encode(acknowledged_at, forKey: .acknowledged_at)
            try c.encode(holding, forKey: .holding)
        }

        enum Keys: String, CodingKey { case rule, severity, title, text, since, acknowledged_by, acknowledged_at, holding }
    }

    struct Document: Encodable {
        var environment: String
        var status: CheckStatus
        var checked_at: String
        var services: [Service]
        var phases: [Phase]
        var golden_path: GoldenPath?
        var banners: [Banner]

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(environment, forKey: .environment)
            try c.encode(status, forKey: .status)
            try c.encode(checked_at, forKey: .checked_at)
            try c.encode(services, forKey: .services)
            try c.encode(phases, forKey: .phases)
            try c.encode(golden_path, forKey: .golden_path)
            try c.encode(banners, forKey: .banners)
        }

        enum Keys: String, CodingKey { case environment, status, checked_at, services, phases, golden_path, banners }
    }

    public let environment: String
    public let status: CheckStatus
    public let checkedAt: Date
    public let services: [Service]
    public let phases: [Phase]
    public let goldenPath: GoldenPath?
    public let banners: [Banner]

    /// `check`'s exit status: 0 all ok, 2 when a P0 banner holds or the golden path fails,
    /// 1 when anything else is degraded or failing, or a banner still waits out `clear_after`.
    public var exitStatus: Int32 {
        if goldenPath?.status == .fail || banners.contains(where: { $0.severity == .p0 && $0.holding }) { return 2 }
        return status == .ok && banners.isEmpty ? 0 : 1
    }

    /// Every text is made safe to print (names and titles come from the config), and secrets
    /// are redacted.
    public init(state: AppState) {
        let iso = ISO8601DateFormatter()
        func clean(_ text: String) -> String { SafeText.sanitize(state.redactor.redact(text)) }
        banners = state.banners.map { b in
            Banner(rule: b.rule.id, severity: b.rule.severity, title: clean(b.rule.title), text: clean(b.text(now: state.now, redactor: state.redactor, exact: true)),
                   since: iso.string(from: b.record.raisedAt), acknowledged_by: b.record.acknowledgedBy,
                   acknowledged_at: b.record.acknowledgedAt.map(iso.string(from:)), holding: b.holding)
        }
        environment = clean(state.environment)
        status = state.overall
        checkedAt = state.now
        services = state.services.map { s in
            Service(id: s.id, name: clean(s.name), status: s.status,
                    latency_ms: s.latencyMilliseconds.map { ($0 * 10).rounded() / 10 }, code: s.code,
                    reason: clean(s.reason), target: clean(s.config.check.target))
        }
        phases = state.services.flatMap { s -> [Phase] in
            guard let report = s.startup?.report else { return [] }
            return report.phases.map { p in
                Phase(service: s.id, attempt: report.attempt, name: clean(p.name), status: p.status,
                      elapsed_s: p.elapsed(at: state.now).map { ($0 * 10).rounded() / 10 }, timeout_s: p.timeout,
                      error: p.error.map(clean))
            }
        }
        goldenPath = state.goldenPath.flatMap { path in
            path.lastRun.map { run in
                GoldenPath(name: clean(path.spec.name), status: run.passed ? .pass : .fail, steps: run.steps.map { step in
                    Step(id: step.id, name: clean(step.name), status: step.status,
                         latency_ms: step.latencyMilliseconds.map { ($0 * 10).rounded() / 10 }, code: step.code,
                         reason: clean(step.reason))
                })
            }
        }
    }

    public func json() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let doc = Document(environment: environment, status: status, checked_at: ISO8601DateFormatter().string(from: checkedAt), services: services, phases: phases, golden_path: goldenPath, banners: banners)
        return String(decoding: try enc.encode(doc), as: UTF8.self)
    }

    public func text(glyphs: GlyphSet) -> String {
        let bad = services.filter { $0.status == .fail || $0.status == .warn }.count
        var out = banners.map { "\($0.severity.rawValue) · \($0.title)" + ($0.text.isEmpty ? "" : " · \($0.text)") + "\n" }.joined()
        out += "\(environment): \(Formatting.word(status))"
        out += bad > 0 ? " — \(bad) of \(services.count) need attention\n" : " — \(services.count) service(s)\n"
        // Names line up in one column, services and golden-path steps alike; a longer name is
        // written whole and pushes its own line along rather than being cut.
        let nameWidth = min(30, (services.map { TextWidth.of($0.name) } + (goldenPath?.steps ?? []).map { TextWidth.of($0.name) }).max() ?? 0)
        func column(_ name: String) -> String { TextWidth.of(name) >= nameWidth ? name : TextWidth.pad(name, to: nameWidth) }
        for s in services {
            let code = s.code.map(String.init) ?? "-"
            let latency = s.latency_ms.map { LatencyText.format(milliseconds: $0) } ?? "-"
            out += "\(Formatting.status(s.status, glyphs).padding(toLength: 7, withPad: " ", startingAt: 0)) "
            out += column(s.name) + "  "
            out += code.padding(toLength: 4, withPad: " ", startingAt: 0) + latency.padding(toLength: 9, withPad: " ", startingAt: 0)
            out += s.reason + "\n"
        }
        for s in services {
            let ps = phases.filter { $0.service == s.id }
            guard !ps.isEmpty else { continue }
            out += "\(s.name) startup" + (ps.first?.attempt.map { " (attempt \($0))" } ?? "") + ": "
            out += ps.map { p in
                var t = "\(p.name) \(p.status.rawValue)"
                if let e = p.elapsed_s, p.status != .pending && p.status != .skipped { t += String(format: " %.1fs", e) }
                return t
            }.joined(separator: ", ") + "\n"
            if let failing = ps.first(where: { $0.status == .failed || $0.status == .timeout }), let error = failing.error {
                out += "  \(failing.name): \(error)\n"
            }
        }
        if let path = goldenPath {
            out += "\(path.name): \(path.status == .pass ? "PASS" : "FAIL")\n"
            for step in path.steps {
                let glyph = GoldenPathPanel.glyph(step.status, glyphs)
                let latency = step.latency_ms.map { LatencyText.format(milliseconds: $0) } ?? "-"
                out += "  \(glyph) \(column(step.name))  \(latency.padding(toLength: 9, withPad: " ", startingAt: 0))\(step.reason)\n"
            }
        }
        return String(out.dropLast())
    }
}
