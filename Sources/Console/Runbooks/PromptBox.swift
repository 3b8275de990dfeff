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

    func render(in area: Rect, buffer: inout Buffer) {
        let width = min(area.width - 2, 76)
        let (title, lines, danger) = content(width: width - 4)
        let height = min(area.height, lines.count + 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 3), width: width, height: height)
        buffer.fill(box, style: theme.style(.text))
        let edge = danger ? theme.style(.fail) : theme.style(.title)
        Block(title: Line(" \(title) ", edge), borderStyle: edge, glyphs: glyphs)
            .render(in: box, buffer: &buffer)
        Paragraph(Array(lines.prefix(max(0, height - 2)))).render(in: box.inset(by: 1).insetHorizontally(by: 1), buffer: &buffer)
    }

    func content(width: Int) -> (String, [Line], Bool) {
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
            return ("Parameters · \(step)", lines, false)
        case .confirm(let request):
            let step = stepTitle(request.runbookID, request.stepID)
            var lines = commandLines(request, width: width)
            lines.append(Line(""))
            lines.append(Line([Span("Run it? ", text.adding(.bold)), Span("y", theme.style(.key)), Span(" yes · any other key: no", muted)]))
            return ("Confirm · \(step)", lines, false)
        case .typePhrase(let request, let phrase, let typed):
            let step = stepTitle(request.runbookID, request.stepID)
            var lines = commandLines(request, width: width)
            lines.append(Line(""))
            lines.append(Line([Span("This step is dangerous. Type ", text), Span(phrase, theme.style(.fail)), Span(" and Enter to go ahead:", text)]))
            lines.append(Line([Span("> ", muted), Span(typed + "_", theme.style(.title))]))
            lines.append(Line("Esc cancels.", muted))
            return ("DANGEROUS · \(step)", lines, true)
        case .quitWhileRunning(let count):
            return ("Quit?", [
                Line("\(count) \(count == 1 ? "step is" : "steps are") still running.", text),
                Line([Span("y", theme.style(.key)), Span(" stop \(count == 1 ? "it" : "them") (SIGTERM, then SIGKILL) and quit · any other key: stay", muted)]),
            ], true)
        }
    }

    /// The step's description and the command it will run (secrets redacted).
    func commandLines(_ request: StepRequest, width: Int) -> [Line] {
        guard let book = state.runbooks.first(where: { $0.id == request.runbookID }),
              let step = book.steps.first(where: { $0.id == request.stepID }) else { return [] }
        var lines: [Line] = []
        if let d = step.description { lines += TextWidth.wrap(state.redactor.redact(d), width: max(10, width)).prefix(3).map { Line($0, theme.style(.text)) } }
        lines.append(Line([Span("$ ", theme.style(.muted)), Span(state.redactor.redact(step.command.commandLine), theme.style(.title))]))
        for (k, v) in request.values.sorted(by: { $0.key < $1.key }) {
            let secret = step.parameters.first { $0.name == k }?.secret == true
            lines.append(Line("  \(k) = \(secret ? "•••" : state.redactor.redact(v))", theme.style(.muted)))
        }
        return lines
    }

    func stepTitle(_ runbookID: String, _ stepID: String) -> String {
        RunbookUpdate.names(runbookID, stepID, state).step
    }
}
