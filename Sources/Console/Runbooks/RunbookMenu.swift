import Foundation
import Monitoring
import TUI

/// Where the operator is in the runbook menus: which runbook, which step, how far the output
/// is scrolled, and what is being asked (a parameter form, a confirmation).
public struct RunbookMenu: Hashable, Sendable {
    /// Index into the menu's ordering (`AppState.orderedRunbooks`).
    public var selectedRunbook = 0
    /// The runbook whose steps are shown, when one is open.
    public var openRunbook: String?
    public var selectedStep = 0
    /// Lines scrolled up from the end of the output (0 follows the output).
    public var outputScroll = 0
    public var prompt: RunbookPrompt? {
        didSet { if prompt == nil || oldValue == nil { promptScroll = 0 } }
    }
    /// How far a prompt's command is scrolled, when the box cannot show it whole.
    public var promptScroll = 0
    /// `A`: the steps still to run in order, in the open runbook.
    public var chain: [String] = []
    /// The step where `A` stopped for a confirmation; running it carries the chain on.
    public var chainPausedAt: String?

    public init() {}
}

/// What the console is asking before something runs (or before quitting with runs going).
public enum RunbookPrompt: Hashable, Sendable {
    /// Values for the step's parameters.
    case form(ParameterForm)
    /// `y` runs the step, anything else does not.
    case confirm(StepRequest)
    /// The operator must type `phrase` and press Enter.
    case typePhrase(StepRequest, phrase: String, typed: String)
    /// Steps are still running: `y` stops them and quits.
    case quitWhileRunning(count: Int)
    /// Steps a killed console left running were found: `s` stops them, any other key lets
    /// them run (their end is recorded when it comes).
    case orphans(count: Int)
}

/// The small form that asks for a step's parameters before it runs.
///
/// Contract: `submit()` validates every field with the parameter's own rules and returns the
/// values only when all pass; otherwise each failing field carries its reason and nothing runs.
public struct ParameterForm: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        public var parameter: RunbookParameter
        public var text: String
        public var refusal: String?
    }

    public var runbookID: String
    public var stepID: String
    public var fields: [Field]
    public var focus = 0
    /// The parameters whose values become arguments where the program reads options.
    var asOptions: Set<String>

    public init(runbookID: String, step: RunbookStep) {
        self.runbookID = runbookID
        stepID = step.id
        asOptions = Set(step.parameters.map(\.name).filter(step.command.takesAsOption))
        fields = step.parameters.map { Field(parameter: $0, text: $0.defaultValue ?? ($0.kind == .boolean ? "false" : ""), refusal: nil) }
    }

    /// Applies a key to the focused field; returns false when the key is not the form's.
    mutating func handle(_ key: Key) -> Bool {
        guard fields.indices.contains(focus) else { return false }
        let p = fields[focus].parameter
        switch key {
        case .tab, .down: focus = (focus + 1) % fields.count
        case .backTab, .up: focus = (focus + fields.count - 1) % fields.count
        case .backspace:
            if !fields[focus].text.isEmpty { fields[focus].text.removeLast() }
        case .left, .right, .char:
            let options = p.kind == .boolean ? ["false", "true"] : p.choices
            if p.kind == .choice || p.kind == .boolean {
                // Choices and booleans are picked, not typed: ←, → and space move along.
                guard key == .left || key == .right || key == .char(" "), !options.isEmpty else { return true }
                let i = options.firstIndex(of: fields[focus].text) ?? -1
                let step = key == .left ? options.count - 1 : 1
                fields[focus].text = options[(i + step + options.count) % options.count]
            } else if case .char(let c) = key {
                fields[focus].text.append(c)
            } else {
                return false
            }
        default:
            return false
        }
        fields[focus].refusal = nil
        return true
    }

    /// The validated values, or nil with the refusals set on the fields.
    mutating func submit() -> [String: String]? {
        var values: [String: String] = [:]
        var ok = true
        for i in fields.indices {
            let p = fields[i].parameter
            // The default is the config's own word; what is typed is checked for where it goes.
            let asOption = asOptions.contains(p.name) && fields[i].text != p.defaultValue
            switch p.validate(fields[i].text, asOption: asOption) {
            case .success(let v): values[fields[i].parameter.name] = v
            case .failure(let refusal):
                fields[i].refusal = refusal.description
                if ok { focus = i }
                ok = false
            }
        }
        return ok ? values : nil
    }
}
