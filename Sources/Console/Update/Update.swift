import Foundation
import Monitoring
import TUI

/// The console's one state transition: `update(&state, msg) -> [Effect]`.
///
/// Contract: pure — no I/O, no clock reads (time arrives as `.tick`), no terminal. Every key
/// does something visible or nothing at all; it never crashes on any state.
public enum Update {
    public static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
        switch msg {
        case .tick(let now):
            state.now = now
            if let f = state.flash, f.until <= now { state.flash = nil }
            return []
        case .resize:
            return []
        case .signal(let s):
            switch s {
            case .interrupt, .terminate: return [.quit(0)]
            case .hangup: return [.abandon]
            }
        case .monitor(let event):
            record(event, &state)
            return []
        case .key(let key):
            return handle(key, &state)
        }
    }

    static func record(_ event: MonitorEvent, _ state: inout AppState) {
        switch event {
        case .check(let result):
            guard let i = state.services.firstIndex(where: { $0.id == result.checkID }) else { return }
            state.services[i].record(result)
            state.lastResultAt = result.finishedAt
        case .goldenPathStarted:
            state.goldenPath?.walking = true
        case .goldenPath(let run):
            state.goldenPath?.record(run)
            state.lastResultAt = run.finishedAt
        case .startup(let update):
            guard let i = state.services.firstIndex(where: { $0.id == update.serviceID }) else { return }
            state.services[i].record(update)
        }
    }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect] {
        if state.screen == .help {
            if key == .char("q") { return [.quit(0)] }
            state.screen = .overview
            return []
        }
        switch key {
        case .char("q"), .ctrl("c"):
            return [.quit(0)]
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
        case .char("r"):
            let ids: [String]? = state.screen == .details ? state.selectedService.map { [$0.id] } : nil
            state.flash = AppState.Flash(text: ids == nil ? "re-polling all \(state.services.count) checks" : "re-polling \(state.selectedService!.name)", until: state.now.addingTimeInterval(3))
            return [.pollNow(ids)]
        case .char("g"):
            guard state.goldenPath != nil else {
                state.flash = AppState.Flash(text: "no golden path in this config", until: state.now.addingTimeInterval(3))
                return []
            }
            state.flash = AppState.Flash(text: "walking the golden path", until: state.now.addingTimeInterval(3))
            return [.walkGoldenPath]
        default:
            break
        }
        return []
    }

    static func move(_ state: inout AppState, by delta: Int) {
        guard !state.services.isEmpty else { return }
        state.selected = min(max(0, state.selected + delta), state.services.count - 1)
    }
}
