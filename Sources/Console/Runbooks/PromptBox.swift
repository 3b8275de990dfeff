import Foundation
import Monitoring
import TUI

/// A box drawn over the middle of the screen for what the console asks before running a
/// step (parameters, `y`/`n`, the phrase of a dangerous step) or before quitting with steps
/// still running.
struct PromptBox {
    let prompt: RunbookPrompt
    let state: AppState
    let theme: Theme
    let glyphs: GlyphSet

    /// The box at most fills `area`. A command taller than the room left is shown in a window
    /// with `↑ N more` / `↓ N more` lines saying what is out of view (↑ ↓ PgUp PgDn scroll),
    /// so that nothing about to run is ever silently cut.
    func render(in area: Rect, buffer: inout Buffer) {
        let width = min(area.width - 2, 96)
        let (title, lines, danger) = content(width: width - 4)
        let room = max(1, area.height - 2)
        let shown = PromptBox.window(lines, room: room, scroll: state.runbookMenu.promptScroll, style: theme.style(.key), glyphs: glyphs)
        let height = min(area.height, shown.count + 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 3), width: width, height: height)
        buffer.fill(box, style: theme.style(.text))
        let edge = danger ? theme.style(.fail) : theme.style(.title)
        Block(title: Line(" \(title) ", edge), borderStyle: edge, glyphs: glyphs)
            .render(in: box, buffer: &buffer)
        Paragraph(shown).render(in: box.inset(by: 1).insetHorizontally(by: 1), buffer: &buffer)
    }

    /// The lines that fit in `room`: the command lines (marked `.command`) scroll, the rest stay.
    static func window(_ lines: [PromptLine], room: Int, scroll: Int, style: Style, glyphs: GlyphSet) -> [Line] {
        guard lines.count > room else { return lines.map(\.line) }
        let fixed = lines.filter { !$0.scrolls }.count
        let command = lines.filter(\.scrolls)
        // Two lines say what is above and below the window.
        let visible = max(1, room - fixed - 2)
        let top = min(max(0, scroll), max(0, command.count - visible))
        let up = glyphs.isASCII ? "^" : "↑", down = glyphs.isASCII ? "v" : "↓"
        var out: [Line] = []
        var placed = false
        for line in lines {
            if !line.scrolls { out.append(line.line); continue }
            guard !placed else { continue }
            placed = true
            out.append(Line(top > 0 ? "\(up) \(top) more \(top == 1 ? "line" : "lines") of the command above (\(up) PgUp)" : "", style))
            out += command[top..<min(command.count, top + visible)].map(\.line)
            let below = command.count - min(command.count, top + visible)
            out.append(Line(below > 0 ? "\(down) \(below) more \(below == 1 ? "line" : "lines") of the command below (\(down) PgDn)" : "", style))
        }
        return Array(out.prefix(room))
    }

    func content(width: Int) -> (String, [PromptLine], Bool) {
        let muted = theme.style(.muted), text = theme.style(.text)
        switch prompt {
        case .form(let form):
            let step = stepTitle(form.runbookID, form.stepID)
            var lines: [Line] = []
            let nameWidth = min(18, (form.fields.map { TextWidth.of($0.parameter.name) }.max() ?? 4) + 2)
            for (i, field) in form.fields.enumerated() {
                let p = field.parameter
                let focused = i == form.focus
                let shown = p.secret && !field.text.isEmpty ? String(repeating: "•", count: field.text.count) : field.text
                let value = focused ? shown + "_" : shown
                lines.append(Line([
                    Span(focused ? glyphs.selector : " ", theme.style(.selection)),
                    Span(TextWidth.pad(p.name, to: nameWidth), focused ? theme.style(.title) : text),
                    Span("[" + value + "]", focused ? theme.style(.selection) : text),
                ]))
                var hint = p.description ?? ""
                if p.kind == .choice { hint += (hint.isEmpty ? "" : " · ") + "one of " + p.choices.joined(separator: ", ") + " (←/→)" }
                if p.kind == .boolean { hint += (hint.isEmpty ? "" : " · ") + "true or false (←/→)" }
                if let pattern = p.pattern { hint += (hint.isEmpty ? "" : " · ") + "must match \(pattern.source)" }
                if !hint.isEmpty { lines.append(Line(String(repeating: " ", count: nameWidth + 1) + hint, muted)) }
                if let refusal = field.refusal { lines.append(Line(String(repeating: " ", count: nameWidth + 1) + refusal, theme.style(.fail))) }
            }
            lines.append(Line(""))
            lines.append(Line("Tab next field · Enter run · Esc cancel", muted))
            return ("Parameters · \(step)", lines.map { PromptLine($0) }, false)
        case .confirm(let request):
            let step = stepTitle(request.runbookID, request.stepID)
            var lines = commandLines(request, width: width)
            lines.append(PromptLine(Line("")))
            lines.append(PromptLine(Line([Span("Run it? ", text.adding(.bold)), Span("y", theme.style(.key)), Span(" yes · any other key: no", muted)])))
            return ("Confirm · \(step)", lines, false)
        case .typePhrase(let request, let phrase, let typed):
            let step = stepTitle(request.runbookID, request.stepID)
            var lines = commandLines(request, width: width)
            lines.append(PromptLine(Line("")))
            lines.append(PromptLine(Line([Span("This step is dangerous. Type ", text), Span(phrase, theme.style(.fail)), Span(" and Enter to go ahead:", text)])))
            lines.append(PromptLine(Line([Span("> ", muted), Span(typed + "_", theme.style(.title))])))
            lines.append(PromptLine(Line("Esc cancels.", muted)))
            return ("DANGEROUS · \(step)", lines, true)
        case .orphans(let count):
            let orphans = state.runs.filter { $0.isRunning && $0.orphan != nil }
            var lines: [PromptLine] = [PromptLine(Line("\(count) \(count == 1 ? "step is" : "steps are") still running, left by a console that was killed:", text))]
            for run in orphans.prefix(5) {
                let (_, step) = RunbookUpdate.names(run.runbookID, run.stepID, state)
                lines.append(PromptLine(Line("  \(step) — started \(Formatting.clock(run.startedAt)) UTC by \(run.orphan!.startedBy), process group \(run.orphan!.processGroup)", theme.style(.title))))
            }
            lines.append(PromptLine(Line("")))
            lines.append(PromptLine(Line([Span("s", theme.style(.key)), Span(" stop \(count == 1 ? "it" : "them") (SIGTERM, then SIGKILL) · any other key: let \(count == 1 ? "it" : "them") finish (the end is recorded)", muted)])))
            return ("Still running", lines, true)
        case .quitWhileRunning(let count):
            return ("Quit?", [
                Line("\(count) \(count == 1 ? "step is" : "steps are") still running.", text),
                Line([Span("y", theme.style(.key)), Span(" stop \(count == 1 ? "it" : "them") (SIGTERM, then SIGKILL) and quit · any other key: stay", muted)]),
            ].map { PromptLine($0) }, true)
        }
    }

    /// The step's description and the whole command it will run (secrets redacted), wrapped
    /// to the width; the command and its values are the lines that scroll.
    func commandLines(_ request: StepRequest, width: Int) -> [PromptLine] {
        guard let book = state.runbooks.first(where: { $0.id == request.runbookID }),
              let step = book.steps.first(where: { $0.id == request.stepID }) else { return [] }
        var lines: [PromptLine] = []
        if let d = step.description {
            lines += TextWidth.wrap(state.redactor.redact(d), width: max(10, width)).prefix(3).map { PromptLine(Line($0, theme.style(.text))) }
        }
        let command = TextWidth.wrap(state.redactor.redact(step.command.commandLine), width: max(10, width - 2))
        for (i, part) in command.enumerated() {
            lines.append(PromptLine(Line([Span(i == 0 ? "$ " : "  ", theme.style(.muted)), Span(part, theme.style(.title))]), scrolls: true))
        }
        for (k, v) in request.values.sorted(by: { $0.key < $1.key }) {
            let secret = step.parameters.first { $0.name == k }?.secret == true
            for part in TextWidth.wrap("  \(k) = \(secret ? "•••" : state.redactor.redact(v))", width: max(10, width)) {
                lines.append(PromptLine(Line(part, theme.style(.muted)), scrolls: true))
            }
        }
        return lines
    }

    func stepTitle(_ runbookID: String, _ stepID: String) -> String {
        RunbookUpdate.names(runbookID, stepID, state).step
    }
}

/// A line of a prompt box; `scrolls` marks the lines of the command, which scroll when the
/// box cannot hold them all.
struct PromptLine {
    var line: Line
    var scrolls = false

    init(_ line: Line, scrolls: Bool = false) {
        self.line = line
        self.scrolls = scrolls
    }
}
