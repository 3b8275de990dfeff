import Foundation
import Monitoring
import TUI

/// The golden path as a chain — `Login ✔ 84 ms → Chat ✖ 503 → Agent response ⊘ blocked` —
/// then what broke it and what it blocks.
struct GoldenPathPanel {
    let path: GoldenPathState
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    /// The title line's right side: how long it has been failing or passing, and freshness.
    var summary: String {
        var parts: [String] = []
        if let passing = path.passing, let since = path.since {
            parts.append("\(passing ? "passing" : "failing") for \(Formatting.duration(state.now.timeIntervalSince(since)))")
        }
        if path.walking {
            parts.append("walking\(glyphs.ellipsis)")
        } else if let run = path.lastRun {
            parts.append("walked \(Formatting.ago(state.now.timeIntervalSince(run.finishedAt)))")
        }
        return parts.joined(separator: " · ")
    }

    static func glyph(_ status: GoldenPathStepStatus?, _ glyphs: GlyphSet) -> String {
        switch status {
        case .pass: return glyphs.isASCII ? "+" : "✔"
        case .fail: return glyphs.isASCII ? "x" : "✖"
        case .blocked: return glyphs.isASCII ? "-" : "⊘"
        case nil: return "?"
        }
    }

    func style(_ status: GoldenPathStepStatus?) -> Style {
        switch status {
        case .pass: return theme.style(.ok)
        case .fail: return theme.style(.fail)
        case .blocked: return theme.style(.blocked)
        case nil: return theme.style(.unknown)
        }
    }

    /// One step as a chain link: name, glyph, and latency, code or "blocked".
    func link(_ step: GoldenPathStepSpec, _ result: GoldenPathStepResult?) -> [Span] {
        let short: String
        switch result?.status {
        case .pass: short = Formatting.latency(result?.latencyMilliseconds)
        case .fail:
            if let code = result?.code { short = "\(code)" } else { short = TextWidth.truncate(result?.reason ?? "", to: 28, ellipsis: glyphs.ellipsis) }
        case .blocked: short = "blocked"
        case nil: short = "not walked yet"
        }
        let s = style(result?.status)
        return [
            Span(step.name, theme.style(.text).adding(result?.status == .fail ? .bold : [])),
            Span(" " + GoldenPathPanel.glyph(result?.status, glyphs) + " " + short, s),
        ]
    }

    func lines(width: Int) -> [Line] {
        let results = Dictionary(uniqueKeysWithValues: (path.lastRun?.steps ?? []).map { ($0.id, $0) })
        let arrow = Span(" \(glyphs.arrow) ", theme.style(.muted))
        var out: [Line] = []
        var current: [Span] = []
        var used = 0
        for (i, step) in path.spec.steps.enumerated() {
            var spans = link(step, results[step.id])
            if i < path.spec.steps.count - 1 { spans.append(arrow) }
            let w = spans.reduce(0) { $0 + $1.width }
            if used + w > width && !current.isEmpty {
                out.append(Line(current))
                current = []
                used = 0
            }
            current += spans
            used += w
        }
        if !current.isEmpty { out.append(Line(current)) }
        if let run = path.lastRun, let failure = run.firstFailure {
            var spans = [
                Span(GoldenPathPanel.glyph(.fail, glyphs) + " ", theme.style(.fail)),
                Span(failure.name + ": ", theme.style(.text).adding(.bold)),
                Span(state.redactor.redact(failure.reason), theme.style(.text)),
            ]
            let blocked = run.blocked.map(\.name)
            if !blocked.isEmpty { spans.append(Span(" · blocks " + blocked.joined(separator: ", "), theme.style(.blocked))) }
            out.append(Line(spans))
        }
        return out
    }

    func render(in area: Rect, buffer: inout Buffer) {
        Paragraph(lines(width: area.width - 2)).render(in: area.insetHorizontally(by: 1), buffer: &buffer)
    }
}
