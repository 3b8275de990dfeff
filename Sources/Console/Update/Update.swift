import Foundation
import Monitoring
import SafeText
import TUI

/// The console's one state transition: `update(&state, msg) -> [Effect]`.
///
/// Contract: pure — no I/O, no clock reads (time arrives as `.tick`), no terminal. Every key
/// does something visible or nothing at all; it never crashes on any state. Transitions
/// (a service going down, the golden path breaking, a banner raised) become timeline events,
/// returned as `.persistEvents` for the store.
public enum Update {
    /// Exit statuses of a console ended by a signal, as shells report them (128 + the
    /// signal's number): SIGINT or Ctrl-C, SIGTERM, SIGHUP.
    public static let interruptedStatus: Int32 = 128 + 2
    public static let terminatedStatus: Int32 = 128 + 15
    public static let hungUpStatus: Int32 = 128 + 1

    public static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
        switch msg {
        case .tick(let now):
            state.now = now
            if let f = state.flash, f.until <= now { state.flash = nil }
            let effects = ImpactUpdate.evaluate(&state)
            if var wall = state.wall {
                wall.turn(state)
                state.wall = wall
            }
            return effects
        case .resize:
            return []
        case .signal(let s):
            switch s {
            case .interrupt, .terminate:
                // Ended by a signal, as shells report it: 128 + its number.
                let code: Int32 = s == .interrupt ? Update.interruptedStatus : Update.terminatedStatus
                return state.runningCount > 0 ? [.stopAllRuns, .quit(code)] : [.quit(code)]
            case .hangup: return [.abandon]
            case .reloadConfig: return requestReload(&state)
            }
        case .monitor(let event):
            let events = Transitions.record(event, &state)
            return events.isEmpty ? [] : [.persistEvents(events)]
        case .flash(let text):
            state.flash = AppState.Flash(text: text, until: state.now.addingTimeInterval(6))
            return []
        case .store(let notice):
            state.store = notice
            return []
        case .runbook(let event):
            return RunbookUpdate.record(event, &state)
        case .configReloaded(let config):
            return state.reconfigure(with: config)
        case .configRejected(let errors):
            return state.refuse(errors)
        case .key(let key):
            return handle(key, &state)
        }
    }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect] {
        if state.wall != nil {
            // A wallboard is read-only by construction: quit is the only key (and T, the theme);
            // it reloads its config on SIGUSR1 only.
            if key == .char("T") { return [.cycleTheme] }
            if key == .ctrl("c") { return [.quit(Update.interruptedStatus)] }
            return key == .char("q") ? [.quit(0)] : []
        }
        if let prompt = state.runbookMenu.prompt { return RunbookUpdate.answer(prompt, key, &state) }
        if state.screen == .runbooks, let effects = RunbookUpdate.handle(key, &state) { return effects }
        if state.screen == .help {
            switch key {
            case .char("q"): return [.quit(0)]
            case .down, .char("j"): state.helpScroll += 1
            case .up, .char("k"): state.helpScroll = max(0, state.helpScroll - 1)
            case .pageDown: state.helpScroll += 10
            case .pageUp: state.helpScroll = max(0, state.helpScroll - 10)
            default: state.screen = .overview
            }
            state.helpScroll = min(state.helpScroll, 100)
            return []
        }
        if state.screen == .timeline {
            switch key {
            case .up, .char("k"): state.timelineScroll = max(0, state.timelineScroll - 1); return []
            case .down, .char("j"): state.timelineScroll = min(max(0, state.timeline.count - 1), state.timelineScroll + 1); return []
            case .pageUp: state.timelineScroll = max(0, state.timelineScroll - 10); return []
            case .pageDown: state.timelineScroll = min(max(0, state.timeline.count - 1), state.timelineScroll + 10); return []
            case .home: state.timelineScroll = 0; return []
            case .char("t"), .escape, .backspace: state.screen = .overview; return []
            default: break
            }
        }
        switch key {
        case .char("q"), .ctrl("c"):
            if state.runningCount > 0 && !state.readOnly {
                state.runbookMenu.prompt = .quitWhileRunning(count: state.runningCount)
                return []
            }
            return [.quit(key == .ctrl("c") ? Update.interruptedStatus : 0)]
        case .char("x"):
            guard !state.runbooks.isEmpty else {
                say("no runbooks in this config", &state)
                return []
            }
            state.screen = .runbooks
        case .up, .char("k"):
            move(&state, by: -1)
        case .down, .char("j"):
            move(&state, by: 1)
        case .pageUp:
            move(&state, by: -10)
        case .pageDown:
            move(&state, by: 10)
        case .home:
            state.selected = 0
        case .end, .char("G"):
            state.selected = max(0, state.services.count - 1)
        case .enter:
            state.screen = state.screen == .details ? .overview : .details
        case .escape, .backspace:
            state.screen = .overview
        case .char("?"):
            state.screen = .help
            state.helpScroll = 0
        case .char("t"):
            state.screen = .timeline
            state.timelineScroll = 0
        case .char("r"):
            let ids: [String]? = state.screen == .details ? state.selectedService.map { [$0.id] } : nil
            say("re-polling \(ids == nil ? "all \(state.services.count) checks" : state.selectedService!.name)", &state)
            return [.pollNow(ids)]
        case .char("g"):
            guard state.goldenPath != nil else {
                say("no golden path in this config", &state)
                return []
            }
            say("walking the golden path", &state)
            return [.walkGoldenPath]
        case .char("a"):
            // Read-only changes nothing an operator would: no acknowledgement, no report file.
            guard !state.readOnly else {
                say("read-only: acknowledge from a console that can write", &state)
                return []
            }
            return ImpactUpdate.acknowledgeTop(&state)
        case .char("R"):
            guard !state.readOnly else {
                say("read-only: no report is written here (warroom report writes one)", &state)
                return []
            }
            return [.writeReport]
        case .char("T"):
            return [.cycleTheme]
        case .char("L"):
            return requestReload(&state)
        default:
            break
        }
        return []
    }

    /// `L` and SIGUSR1, also in read-only mode: reading a config runs nothing. A built-in
    /// config (the demo's) is not re-applied: it cannot have changed, and restarting every
    /// check for nothing would only look like something happened.
    static func requestReload(_ state: inout AppState) -> [Effect] {
        guard let file = state.configFile else {
            say("the demo's config is built in: nothing to reload", &state)
            return []
        }
        say("reading \(SafeText.sanitize(file))\(state.configRejection == nil ? "" : " again")…", &state)
        return [.reloadConfig(path: file)]
    }

    static func say(_ text: String, _ state: inout AppState) {
        state.flash = AppState.Flash(text: text, until: state.now.addingTimeInterval(3))
    }

    static func move(_ state: inout AppState, by delta: Int) {
        guard !state.services.isEmpty else { return }
        state.selected = min(max(0, state.selected + delta), state.services.count - 1)
    }
}
