import Foundation
import Monitoring
import SafeText

/// The incident status update `warroom report` and key `R` write: Markdown an incident
/// commander could post as is.
///
/// Contract: built only from the state it is given (pure, so a snapshot test pins it); every
/// section is left out when it would be empty; text from outside is redacted and made safe
/// for a Markdown table (no `|`, no line breaks, no escape sequences).
public struct IncidentReport: Sendable {
    public let state: AppState
    /// How many timeline events the report lists (the newest, shown oldest first).
    public var timelineLimit = 40

    public init(state: AppState) {
        self.state = state
    }

    public func markdown() -> String {
        var out: [String] = []
        out.append("# \(headline)")
        out.append("")
        out += summary
        for section in [impact, services, goldenPath, startup, actions, timeline] where !section.isEmpty {
            out.append("")
            out += section
        }
        out.append("")
        out.append("_Written by Warroom at \(Self.stamp(state.now)) from \(clean(state.source))._")
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Sections

    var worst: ImpactBanner? { state.banners.first }

    var headline: String {
        if let b = worst { return "\(b.rule.severity.rawValue) · \(clean(b.rule.title)) · \(clean(state.environment))" }
        switch state.overall {
        case .ok: return "All clear · \(clean(state.environment))"
        case .unknown: return "Status update · \(clean(state.environment))"
        case .warn, .fail: return "Degraded · \(clean(state.environment))"
        }
    }

    /// Status, start and duration, acknowledgement, in one short block.
    var summary: [String] {
        let failing = state.count(.fail), degraded = state.count(.warn), total = state.services.count
        var status: String
        if let b = worst {
            status = b.holding ? "**ONGOING**" : "**MONITORING** (the impact has stopped; waiting \(Formatting.exactDuration(b.rule.clearAfter.value)) before clearing)"
            status += " — \(state.banners.count) impact \(state.banners.count == 1 ? "banner" : "banners") up"
        } else if failing + degraded > 0 {
            status = "**DEGRADED** — no business-impact banner up"
        } else if state.overall == .ok {
            status = state.resolved.isEmpty ? "**ALL CLEAR**" : "**RESOLVED**"
        } else {
            status = "**WAITING** for the first checks"
        }
        var parts = [status]
        if failing > 0 { parts.append("\(failing) of \(total) services failing") }
        if degraded > 0 { parts.append("\(degraded) degraded") }
        var lines = ["- Status: " + parts.joined(separator: ", ")]
        if let b = worst {
            lines.append("- Started: \(Self.stamp(b.record.raisedAt)) · lasting \(Formatting.exactDuration(b.duration(now: state.now)))")
            if let by = b.record.acknowledgedBy, let at = b.record.acknowledgedAt {
                lines.append("- Acknowledged by \(clean(by)) at \(Self.stamp(at))")
            } else {
                lines.append("- Not acknowledged yet")
            }
        } else if let last = state.resolved.first, let cleared = last.record.clearedAt {
            lines.append("- Last impact: \(last.rule.severity.rawValue) · \(clean(last.rule.title)), \(Self.stamp(last.record.raisedAt)) to \(Self.stamp(last.record.lastHeldAt)) (\(Formatting.exactDuration(last.record.lastHeldAt.timeIntervalSince(last.record.raisedAt)))), cleared at \(Self.clock(cleared)) UTC")
        }
        lines.append("- Updated: \(Self.stamp(state.now))")
        return lines
    }

    var impact: [String] {
        guard !state.banners.isEmpty || !state.resolved.isEmpty else { return [] }
        var lines = ["## Business impact", ""]
        for b in state.banners {
            var line = "- **\(b.rule.severity.rawValue) · \(clean(b.rule.title))**"
            let text = clean(b.text(now: state.now, redactor: state.redactor, exact: true))
            if !text.isEmpty { line += " — \(text)" }
            line += " (since \(Self.clock(b.record.raisedAt)) UTC"
            if let by = b.record.acknowledgedBy, let at = b.record.acknowledgedAt { line += "; acknowledged by \(clean(by)) at \(Self.clock(at)) UTC" }
            if !b.holding { line += "; condition no longer holds" }
            lines.append(line + ")")
        }
        for b in state.resolved.prefix(5) {
            guard let cleared = b.record.clearedAt else { continue }
            let lasted = Formatting.exactDuration(b.record.lastHeldAt.timeIntervalSince(b.record.raisedAt))
            lines.append("- Resolved: \(b.rule.severity.rawValue) · \(clean(b.rule.title)) — from \(Self.clock(b.record.raisedAt)) to \(Self.clock(b.record.lastHeldAt)) UTC (\(lasted)), cleared at \(Self.clock(cleared))")
        }
        return lines
    }

    var services: [String] {
        guard !state.services.isEmpty else { return [] }
        var lines = ["## Services", "", "| Service | Status | For | Uptime 1 h | Latency | Detail |", "|---|---|---|---|---|---|"]
        let ordered = state.servicesWorstFirst
        for s in ordered {
            let since = s.since.map { Formatting.exactDuration(state.now.timeIntervalSince($0)) } ?? "—"
            let uptime = s.uptime(over: 3600, now: state.now).map(Formatting.percent) ?? "—"
            lines.append("| \(cell(s.name)) | \(Formatting.word(s.status)) | \(since) | \(uptime) | \(Formatting.latency(s.latencyMilliseconds)) | \(cell(s.reason)) |")
        }
        return lines
    }

    var goldenPath: [String] {
        guard let path = state.goldenPath else { return [] }
        var lines = ["## Golden path · \(clean(path.spec.name))", ""]
        guard let run = path.lastRun else {
            lines.append("Not walked yet.")
            return lines
        }
        let lasting = path.since.map { " for \(Formatting.exactDuration(state.now.timeIntervalSince($0)))" } ?? ""
        if let failure = run.firstFailure {
            var sentence = "**Failing\(lasting)**: users cannot get past **\(clean(failure.name))**"
            if !run.blocked.isEmpty { sentence += "; blocked behind it: " + run.blocked.map { clean($0.name) }.joined(separator: ", ") }
            lines.append(sentence + ".")
        } else {
            lines.append("**Passing\(lasting)**: every step works end to end.")
        }
        lines.append("")
        let results = Dictionary(uniqueKeysWithValues: run.steps.map { ($0.id, $0) })
        for (i, step) in path.spec.steps.enumerated() {
            guard let r = results[step.id] else {
                lines.append("\(i + 1). \(clean(step.name)) — not walked")
                continue
            }
            switch r.status {
            case .pass: lines.append("\(i + 1). \(clean(step.name)) — PASS in \(Formatting.latency(r.latencyMilliseconds))")
            case .fail: lines.append("\(i + 1). \(clean(step.name)) — **FAIL**: \(clean(r.reason))")
            case .blocked: lines.append("\(i + 1). \(clean(step.name)) — BLOCKED")
            }
        }
        return lines
    }

    /// One block per service whose startup is watched and has something to say.
    var startup: [String] {
        var lines: [String] = []
        for s in state.services {
            guard s.config.startup != nil, let report = s.startup?.report, !report.phases.isEmpty else { continue }
            if !lines.isEmpty { lines.append("") }
            lines += ["## Startup · \(clean(s.name))", ""]
            var facts: [String] = []
            if let a = report.attempt { facts.append("attempt \(a)") }
            if let st = report.state { facts.append(clean(st)) }
            if let n = report.restarts { facts.append("\(n) restart\(n == 1 ? "" : "s")") }
            if let code = report.exitCode { facts.append("exit code \(code)") }
            if !facts.isEmpty { lines.append("Now: " + facts.joined(separator: " · ") + ".") }
            if let f = s.lastFailure {
                var sentence = "Failed"
                if let a = f.attempt { sentence += " (attempt \(a))" }
                sentence += " in **\(clean(f.phase.name))**: \(f.phase.status.rawValue)"
                if let e = f.phase.elapsed { sentence += String(format: " after %.1fs", e) }
                if let t = f.phase.timeout { sentence += String(format: " of a %.1fs budget", t) }
                if let code = f.exitCode { sentence += ", exit code \(code)" }
                if let error = f.phase.error { sentence += " — \(clean(error))" }
                lines.append(sentence + ".")
            }
            lines += ["", "| # | Phase | Status | Elapsed / budget | Error |", "|---|---|---|---|---|"]
            for (i, p) in report.phases.enumerated() {
                let elapsed = p.elapsed(at: state.now).map { String(format: "%.1fs", $0) } ?? "—"
                let budget = p.timeout.map { String(format: "%.1fs", $0) } ?? "—"
                lines.append("| \(i + 1) | \(cell(p.name)) | \(p.status.rawValue) | \(elapsed) / \(budget) | \(p.error.map(cell) ?? "") |")
            }
        }
        return lines
    }

    /// Runbook steps run, from the timeline.
    var actions: [String] {
        let done = state.timeline.filter { $0.kind == .runbookFinished }
        guard !done.isEmpty else { return [] }
        return ["## Actions taken", ""] + done.map { "- \(Self.clock($0.at)) UTC — \(clean($0.sentence))" }
    }

    var timeline: [String] {
        guard !state.timeline.isEmpty else { return [] }
        let shown = state.timeline.suffix(timelineLimit)
        var lines = ["## Timeline (UTC)", ""]
        if state.timeline.count > shown.count {
            lines.append("_\(state.timeline.count - shown.count) earlier events left out; `t` in the console shows them all._")
            lines.append("")
        }
        for e in shown { lines.append("- \(Self.clock(e.at)) — \(clean(e.sentence))") }
        return lines
    }

    // MARK: Text

    /// Redacted, one line, without control characters.
    func clean(_ text: String) -> String {
        SafeText.sanitize(state.redactor.redact(text))
    }

    /// Safe inside a Markdown table cell.
    func cell(_ text: String) -> String {
        clean(text).replacingOccurrences(of: "|", with: "\\|")
    }

    static func clock(_ date: Date) -> String { Formatting.clock(date) }

    /// `2026-11-25 16:47:18 UTC`.
    public static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date) + " UTC"
    }
}
