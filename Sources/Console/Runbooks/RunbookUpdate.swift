import Foundation
import Monitoring
import TUI

/// The runbook menus: choosing a runbook and a step, asking for parameters and
/// confirmation, starting and cancelling runs, and `A`'s chain of steps.
///
/// Contract: nothing runs unless the operator asked for that step (Enter, or `A` reaching a
/// step that needs neither parameters nor confirmation), every parameter passed its rules,
/// and a `confirm` step got `y` or a `dangerous` step got its phrase typed exactly. In
/// read-only mode no key produces `.startStep`, ever.
enum RunbookUpdate {
    /// Keys while the runbook screen is up; nil when the key is not the screen's own.
    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        if let prompt = state.runbookMenu.prompt { return answer(prompt, key, &state) }
        guard let book = state.openRunbook else { return list(key, &state) }
        let steps = book.steps
        switch key {
        case .up, .char("k"): state.runbookMenu.selectedStep = max(0, state.runbookMenu.selectedStep - 1); state.runbookMenu.outputScroll = 0
        case .down, .char("j"): state.runbookMenu.selectedStep = min(steps.count - 1, state.runbookMenu.selectedStep + 1); state.runbookMenu.outputScroll = 0
        case .pageUp: state.runbookMenu.outputScroll += 10
        case .pageDown: state.runbookMenu.outputScroll = max(0, state.runbookMenu.outputScroll - 10)
        case .end: state.runbookMenu.outputScroll = 0
        case .enter:
            guard steps.indices.contains(state.runbookMenu.selectedStep) else { return [] }
            let step = steps[state.runbookMenu.selectedStep]
            if state.runbookMenu.chainPausedAt != step.id { state.runbookMenu.chain = [] }
            state.runbookMenu.chainPausedAt = nil
            return request(book, step, &state)
        case .char("A"):
            guard steps.indices.contains(state.runbookMenu.selectedStep) else { return [] }
            let from = state.runbookMenu.selectedStep
            state.runbookMenu.chain = steps[(from + 1)...].map(\.id)
            state.runbookMenu.chainPausedAt = nil
            return request(book, steps[from], &state)
        case .char("c"), .ctrl("c"):
            guard steps.indices.contains(state.runbookMenu.selectedStep),
                  let run = state.lastRun(book.id, steps[state.runbookMenu.selectedStep].id), run.isRunning else {
                if key == .ctrl("c") { return nil }
                Update.say("nothing running in this step", &state)
                return []
            }
            state.runbookMenu.chain = []
            Update.say("cancelling \(steps[state.runbookMenu.selectedStep].title)", &state)
            return [.cancelRun(run.id)]
        case .escape, .backspace:
            state.runbookMenu.openRunbook = nil
        case .char("x"):
            state.runbookMenu.openRunbook = nil
            state.screen = .overview
        default:
            return nil
        }
        return []
    }

    /// Keys on the list of runbooks.
    static func list(_ key: Key, _ state: inout AppState) -> [Effect]? {
        let count = state.runbooks.count
        switch key {
        case .up, .char("k"): state.runbookMenu.selectedRunbook = max(0, state.runbookMenu.selectedRunbook - 1)
        case .down, .char("j"): state.runbookMenu.selectedRunbook = min(max(0, count - 1), state.runbookMenu.selectedRunbook + 1)
        case .enter:
            let ordered = state.orderedRunbooks
            guard ordered.indices.contains(state.runbookMenu.selectedRunbook) else { return [] }
            let book = ordered[state.runbookMenu.selectedRunbook].runbook
            state.runbookMenu.openRunbook = book.id
            // Start at the first step not yet passed in this session.
            state.runbookMenu.selectedStep = book.steps.firstIndex { state.lastRun(book.id, $0.id)?.verdict?.succeeded != true } ?? 0
            state.runbookMenu.outputScroll = 0
        case .escape, .backspace, .char("x"):
            state.screen = .overview
        default:
            return nil
        }
        return []
    }

    /// The operator asked for `step`: refuse in read-only mode, else the form, the
    /// confirmation, or the run itself.
    static func request(_ book: Runbook, _ step: RunbookStep, _ state: inout AppState) -> [Effect] {
        if state.readOnly {
            state.runbookMenu.chain = []
            Update.say("read-only: nothing runs from this console", &state)
            return []
        }
        if let run = state.lastRun(book.id, step.id), run.isRunning {
            Update.say("\(step.title) is already running", &state)
            return []
        }
        if !step.parameters.isEmpty {
            state.runbookMenu.prompt = .form(ParameterForm(runbookID: book.id, step: step))
            return []
        }
        return confirmOrStart(step, StepRequest(runbookID: book.id, stepID: step.id, values: [:]), &state)
    }

    static func confirmOrStart(_ step: RunbookStep, _ request: StepRequest, _ state: inout AppState) -> [Effect] {
        switch step.safety {
        case .none:
            return start(request, &state)
        case .confirm:
            state.runbookMenu.prompt = .confirm(request)
            return []
        case .dangerous(let phrase):
            state.runbookMenu.prompt = .typePhrase(request, phrase: phrase, typed: "")
            return []
        }
    }

    static func start(_ request: StepRequest, _ state: inout AppState) -> [Effect] {
        guard !state.readOnly else { return [] }
        state.runs.append(StepRun(id: request.runID, runbookID: request.runbookID, stepID: request.stepID, startedAt: state.now))
        if state.runs.count > AppState.runLimit { state.runs.removeFirst(state.runs.count - AppState.runLimit) }
        state.runbookMenu.outputScroll = 0
        let (book, step) = names(request.runbookID, request.stepID, state)
        let event = TimelineEvent(at: state.now, kind: .runbookStarted, subject: "\(request.runbookID)/\(request.stepID)",
                                  sentence: "\(state.operatorName) ran \(step) (\(book))")
        Transitions.append([event], to: &state)
        return [.startStep(request), .persistEvents([event])]
    }

    /// Keys while a prompt is up. Esc always backs out without running anything.
    static func answer(_ prompt: RunbookPrompt, _ key: Key, _ state: inout AppState) -> [Effect] {
        // ↑ ↓ PgUp PgDn scroll a command too long for the box, in either question.
        switch (prompt, key) {
        case (.confirm, .up), (.typePhrase, .up):
            state.runbookMenu.promptScroll = max(0, state.runbookMenu.promptScroll - 1)
            return []
        case (.confirm, .down), (.typePhrase, .down):
            state.runbookMenu.promptScroll += 1
            return []
        case (.confirm, .pageUp), (.typePhrase, .pageUp):
            state.runbookMenu.promptScroll = max(0, state.runbookMenu.promptScroll - 10)
            return []
        case (.confirm, .pageDown), (.typePhrase, .pageDown):
            state.runbookMenu.promptScroll += 10
            return []
        default:
            break
        }
        switch prompt {
        case .form(var form):
            switch key {
            case .escape:
                state.runbookMenu.prompt = nil
                state.runbookMenu.chain = []
                Update.say("not run", &state)
            case .enter:
                guard let values = form.submit() else {
                    state.runbookMenu.prompt = .form(form)
                    return []
                }
                state.runbookMenu.prompt = nil
                guard let book = state.runbooks.first(where: { $0.id == form.runbookID }),
                      let step = book.steps.first(where: { $0.id == form.stepID }) else { return [] }
                return confirmOrStart(step, StepRequest(runbookID: book.id, stepID: step.id, values: values), &state)
            default:
                _ = form.handle(key)
                state.runbookMenu.prompt = .form(form)
            }
            return []
        case .confirm(let request):
            state.runbookMenu.prompt = nil
            if key == .char("y") || key == .char("Y") { return start(request, &state) }
            state.runbookMenu.chain = []
            Update.say("not run", &state)
            return []
        case .typePhrase(let request, let phrase, var typed):
            switch key {
            case .escape:
                state.runbookMenu.prompt = nil
                state.runbookMenu.chain = []
                Update.say("not run", &state)
            case .enter:
                state.runbookMenu.prompt = nil
                if typed == phrase { return start(request, &state) }
                state.runbookMenu.chain = []
                Update.say("the phrase did not match: not run", &state)
            case .backspace:
                if !typed.isEmpty { typed.removeLast() }
                state.runbookMenu.prompt = .typePhrase(request, phrase: phrase, typed: typed)
            case .char(let c):
                typed.append(c)
                state.runbookMenu.prompt = .typePhrase(request, phrase: phrase, typed: typed)
            default:
                break
            }
            return []
        case .quitWhileRunning:
            state.runbookMenu.prompt = nil
            if key == .char("y") || key == .char("Y") { return [.stopAllRuns, .quit(0)] }
            Update.say("still running; not quitting", &state)
            return []
        case .orphans:
            state.runbookMenu.prompt = nil
            let orphans = state.runs.filter { $0.isRunning && $0.orphan != nil }
            if key == .char("s") || key == .char("S") {
                Update.say("stopping \(orphans.count == 1 ? "it" : "them"): SIGTERM, then SIGKILL", &state)
                return orphans.map { .cancelRun($0.id) }
            }
            Update.say("left running; its end is recorded when it comes (x shows it, c stops it)", &state)
            return []
        }
    }

    /// Takes in what the runner says; moves `A`'s chain on when a run succeeds.
    static func record(_ event: RunEvent, _ state: inout AppState) -> [Effect] {
        switch event {
        case .started(let id, let runbookID, let stepID, let at, let path):
            if let i = state.runs.firstIndex(where: { $0.id == id }) {
                state.runs[i].outputPath = path
            } else {
                state.runs.append(StepRun(id: id, runbookID: runbookID, stepID: stepID, startedAt: at, outputPath: path))
            }
            return []
        case .output(let id, let lines, let bytes):
            guard let i = state.runs.firstIndex(where: { $0.id == id }) else { return [] }
            state.runs[i].take(lines: lines)
            state.runs[i].outputBytes = bytes
            return []
        case .orphaned(let id, let runbookID, let stepID, let startedAt, let by, let group, let path):
            var run = StepRun(id: id, runbookID: runbookID, stepID: stepID, startedAt: startedAt, outputPath: path)
            run.orphan = StepRun.Orphan(startedBy: by, processGroup: group)
            run.tail = ["This step was started by \(by) from a console that was killed; it still runs (process group \(group)).",
                        "Its output goes to \(path ?? "its output file") until it ends; c stops it."]
            state.runs.append(run)
            let (book, step) = names(runbookID, stepID, state)
            let event = TimelineEvent(at: state.now, kind: .runbookStarted, subject: "\(runbookID)/\(stepID)",
                                      sentence: "\(step) (\(book)) is still running: started \(Formatting.clock(startedAt)) UTC by \(by) from a console that was killed (process group \(group))")
            Transitions.append([event], to: &state)
            let count = state.runs.filter { $0.isRunning && $0.orphan != nil }.count
            if !state.readOnly, state.wall == nil { state.runbookMenu.prompt = .orphans(count: count) }
            return [.persistEvents([event])]
        case .finished(let id, let verdict, let exitCode, let reason, let at, let bytes):
            guard let i = state.runs.firstIndex(where: { $0.id == id }) else { return [] }
            state.runs[i].verdict = verdict
            state.runs[i].exitCode = exitCode
            state.runs[i].reason = reason
            state.runs[i].endedAt = at
            state.runs[i].outputBytes = bytes
            let run = state.runs[i]
            let (book, step) = names(run.runbookID, run.stepID, state)
            let event = TimelineEvent(at: at, kind: .runbookFinished, subject: "\(run.runbookID)/\(run.stepID)",
                                      sentence: "\(step) (\(book)): \(verdict.phrase(state.redactor.redact(reason)))")
            Transitions.append([event], to: &state)
            // Its effect shows at once: every check re-polls and the golden path is walked again.
            var effects: [Effect] = [.persistEvents([event]), .pollNow(nil)]
            if state.goldenPath != nil { effects.append(.walkGoldenPath) }
            effects += advanceChain(after: run, &state)
            return effects
        }
    }

    /// After a run of the open runbook ends: the next step of `A`'s chain, or why it stops.
    static func advanceChain(after run: StepRun, _ state: inout AppState) -> [Effect] {
        guard !state.runbookMenu.chain.isEmpty, state.runbookMenu.openRunbook == run.runbookID,
              let book = state.openRunbook else { return [] }
        let (_, title) = names(run.runbookID, run.stepID, state)
        guard run.verdict?.succeeded == true else {
            state.runbookMenu.chain = []
            Update.say("A stopped: \(title) \(run.verdict?.word ?? "ended")", &state)
            return []
        }
        let nextID = state.runbookMenu.chain.removeFirst()
        guard let index = book.steps.firstIndex(where: { $0.id == nextID }) else { return [] }
        let next = book.steps[index]
        state.runbookMenu.selectedStep = index
        if next.safety != .none || !next.parameters.isEmpty {
            state.runbookMenu.chainPausedAt = next.id
            Update.say("A stopped at \(next.title): it needs \(next.parameters.isEmpty ? "confirmation" : "parameters") — Enter to go on", &state)
            return []
        }
        return start(StepRequest(runbookID: book.id, stepID: next.id, values: [:]), &state)
    }

    static func names(_ runbookID: String, _ stepID: String, _ state: AppState) -> (runbook: String, step: String) {
        let book = state.runbooks.first { $0.id == runbookID }
        return (book?.title ?? runbookID, book?.steps.first { $0.id == stepID }?.title ?? stepID)
    }
}
