import Foundation
import Monitoring
import TUI

/// The runbook menus: the list of runbooks (those that remedy what is failing first, marked),
/// or one runbook's steps with their last results, the selected step's command, and its
/// output streaming in a pane.
struct RunbookScreen {
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    func render(in area: Rect, buffer: inout Buffer) {
        if let book = state.openRunbook {
            steps(book, in: area, buffer: &buffer)
        } else {
            list(in: area, buffer: &buffer)
        }
    }

    // MARK: The list

    func list(in area: Rect, buffer: inout Buffer) {
        let ordered = state.orderedRunbooks
        let parts = Layout.rows(area, [.length(1), .length(min(ordered.count * 2, max(2, area.height / 2))), .fill(1)])
        let linked = ordered.filter { !$0.because.isEmpty }.count
        SectionTitle("Runbooks", right: linked > 0 ? "\(linked) for what is failing now" : "\(ordered.count) in this config",
                     theme: theme, glyphs: glyphs).render(in: parts[0], buffer: &buffer)
        var lines: [Line] = []
        for (i, entry) in ordered.enumerated() {
            let selected = i == state.runbookMenu.selectedRunbook
            let marker = entry.because.isEmpty ? "  " : (glyphs.isASCII ? "* " : "★ ")
            let passed = entry.runbook.steps.filter { state.lastRun(entry.runbook.id, $0.id)?.verdict?.succeeded == true }.count
            var spans = [
                Span(selected ? glyphs.selector : " ", theme.style(.selection)),
                Span(marker, theme.style(.warn)),
                Span(entry.runbook.title, theme.style(.text).adding(.bold)),
                Span("  \(entry.runbook.steps.count) steps" + (passed > 0 ? ", \(passed) passed" : ""), theme.style(.muted)),
            ]
            if selected { spans = spans.map { Span($0.text, $0.style.patched(by: theme.style(.selection))) } }
            lines.append(Line(spans))
            let why = entry.because.isEmpty ? (entry.runbook.description ?? "") : "remedies: " + entry.because.joined(separator: ", ")
            lines.append(Line("    " + state.redactor.redact(why), entry.because.isEmpty ? theme.style(.muted) : theme.style(.warn)))
        }
        Paragraph(lines).render(in: parts[1].insetHorizontally(by: 1), buffer: &buffer)
        guard ordered.indices.contains(state.runbookMenu.selectedRunbook) else { return }
        let book = ordered[state.runbookMenu.selectedRunbook].runbook
        let preview = Layout.rows(parts[2], [.length(1), .fill(1)])
        SectionTitle(book.title, right: "Enter to open", theme: theme, glyphs: glyphs).render(in: preview[0], buffer: &buffer)
        Paragraph(book.steps.enumerated().map { i, step in stepLine(book, step, index: i, selected: false, width: preview[1].width - 2) })
            .render(in: preview[1].insetHorizontally(by: 1), buffer: &buffer)
    }

    // MARK: One runbook

    func steps(_ book: Runbook, in area: Rect, buffer: inout Buffer) {
        let stepRows = min(book.steps.count, max(3, area.height / 3))
        let parts = Layout.rows(area, [.length(1), .length(stepRows), .length(1), .length(min(4, max(1, area.height / 6))), .length(1), .fill(1)])
        let running = book.steps.filter { state.lastRun(book.id, $0.id)?.isRunning == true }.count
        SectionTitle("Runbook · \(book.title)", right: running > 0 ? "\(running) running" : "\(book.steps.count) steps",
                     theme: theme, glyphs: glyphs).render(in: parts[0], buffer: &buffer)
        let selected = state.runbookMenu.selectedStep
        let top = max(0, min(selected - stepRows + 1, book.steps.count - stepRows))
        let lines = book.steps.enumerated().dropFirst(top).prefix(stepRows).map { i, step in
            stepLine(book, step, index: i, selected: i == selected, width: parts[1].width - 2)
        }
        Paragraph(Array(lines)).render(in: parts[1].insetHorizontally(by: 1), buffer: &buffer)
        guard book.steps.indices.contains(selected) else { return }
        let step = book.steps[selected]
        SectionTitle("Step \(selected + 1) · \(step.title)", right: safetyWord(step.safety), theme: theme, glyphs: glyphs).render(in: parts[2], buffer: &buffer)
        Paragraph(about(step, width: parts[3].width - 2)).render(in: parts[3].insetHorizontally(by: 1), buffer: &buffer)
        output(book, step, title: parts[4], pane: parts[5], buffer: &buffer)
    }

    func stepLine(_ book: Runbook, _ step: RunbookStep, index: Int, selected: Bool, width: Int) -> Line {
        let run = state.lastRun(book.id, step.id)
        var result: Span
        if let run, run.isRunning {
            result = Span("\(spinner) running \(Formatting.duration(state.now.timeIntervalSince(run.startedAt)))", theme.style(.warn))
        } else if let run, let verdict = run.verdict {
            let took = run.endedAt.map { String(format: "%.1f s", $0.timeIntervalSince(run.startedAt)) } ?? ""
            let glyph = verdict.succeeded ? Formatting.glyph(.ok, glyphs) : Formatting.glyph(.fail, glyphs)
            result = Span("\(glyph) \(verdict.word) \(Formatting.clock(run.startedAt)) · \(took)", verdict.succeeded ? theme.style(.ok) : theme.style(.fail))
        } else {
            result = Span("not run", theme.style(.muted))
        }
        let flag = step.safety == .none ? "" : " [\(safetyWord(step.safety))]"
        let left = TextWidth.pad(" \(index + 1) \(step.title)", to: max(10, min(40, width - result.width - 14)))
        var spans = [
            Span(selected ? glyphs.selector : " ", theme.style(.selection)),
            Span(left, theme.style(.text)),
            Span(TextWidth.pad(flag, to: 13), step.safety == .confirm ? theme.style(.warn) : theme.style(.fail)),
            result,
        ]
        if selected { spans = spans.map { Span($0.text, $0.style.patched(by: theme.style(.selection))) } }
        return Line(spans)
    }

    func about(_ step: RunbookStep, width: Int) -> [Line] {
        var out: [Line] = []
        if let d = step.description, !d.isEmpty {
            out += TextWidth.wrap(state.redactor.redact(d), width: max(10, width)).prefix(2).map { Line($0, theme.style(.text)) }
        }
        out.append(Line([Span("$ ", theme.style(.muted)), Span(state.redactor.redact(step.command.commandLine), theme.style(.title))]))
        if !step.parameters.isEmpty {
            out.append(Line("asks for: " + step.parameters.map(\.name).joined(separator: ", "), theme.style(.muted)))
        }
        return out
    }

    func output(_ book: Runbook, _ step: RunbookStep, title: Rect, pane: Rect, buffer: inout Buffer) {
        guard let run = state.lastRun(book.id, step.id) else {
            SectionTitle("Output", theme: theme, glyphs: glyphs).render(in: title, buffer: &buffer)
            let hint = state.readOnly ? "read-only: steps can be browsed, not run" : "Enter runs this step · A runs it and the ones after it"
            Paragraph([Line(hint, theme.style(.muted))]).render(in: pane.insetHorizontally(by: 1), buffer: &buffer)
            return
        }
        var right = run.isRunning
            ? "\(spinner) running \(Formatting.duration(state.now.timeIntervalSince(run.startedAt)))"
            : run.verdict.map { $0.phrase(state.redactor.redact(run.reason ?? "")) } ?? ""
        right += " · \(Self.bytes(run.outputBytes))"
        if state.runbookMenu.outputScroll > 0 { right += " · scrolled" }
        SectionTitle("Output", right: right, theme: theme, glyphs: glyphs).render(in: title, buffer: &buffer)
        var lines = run.tail.map { Line(state.redactor.redact($0), theme.style(.text)) }
        if let path = run.outputPath, !run.isRunning {
            lines.append(Line("full output: \(path)", theme.style(.muted)))
        }
        if lines.isEmpty { lines = [Line(run.isRunning ? "no output yet" : "no output", theme.style(.muted))] }
        let visible = max(0, pane.height)
        let scroll = min(state.runbookMenu.outputScroll, max(0, lines.count - visible))
        let end = lines.count - scroll
        Paragraph(Array(lines[max(0, end - visible)..<end])).render(in: pane.insetHorizontally(by: 1), buffer: &buffer)
    }

    var spinner: String {
        let frames = glyphs.isASCII ? ["|", "/", "-", "\\"] : ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        // One frame a second: it turns with the elapsed time beside it, and with nothing faster.
        return frames[Int(state.now.timeIntervalSince1970) % frames.count]
    }

    func safetyWord(_ safety: StepSafety) -> String {
        switch safety {
        case .none: return ""
        case .confirm: return "confirm"
        case .dangerous: return "DANGEROUS"
        }
    }

    /// `0 B`, `12.3 KB`, `50.0 MB`.
    static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1024 * 1024 { return String(format: "%.1f KB", Double(n) / 1024) }
        return String(format: "%.1f MB", Double(n) / 1024 / 1024)
    }
}
