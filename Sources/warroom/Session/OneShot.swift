import Console
import Foundation
import Monitoring
import Simulator
import TUI

/// One poll of every check, for `snapshot`, `report` and `check`: the results folded into a
/// console state exactly as the live console would fold them.
enum OneShot {
    /// `store`: the history it holds is read first, so banners keep their original start, the
    /// golden path how long it has failed, and the timeline its past. `recording` (`check`):
    /// the poll is kept in the store like any poll — results, transitions, banners — so that a
    /// `check` run from cron leaves its history. Without it (`snapshot`, `report`) the store is
    /// only read and the poll adds nothing to the timeline: what it shows is what happened.
    static func poll(_ source: ConfigSourceOptions, store: StoreOptions? = nil, recording: Bool = false) throws -> AppState {
        let (config, sim) = try source.load()
        let history = try store.map { History(try $0.choice(for: config), readOnly: !recording) }
        defer { history?.close() }
        if recording, let history, history.writer.status.mode != .file {
            Output.error("warroom: this poll is not kept: \(history.writer.status.sentence)")
        }
        let restored = history?.restore(config, now: Date())
        let (state, effects, results) = try Blocking.run { () async -> (AppState, [Effect], [CheckResult]) in
            let monitor = Monitor(config: config) { _ in }
            async let results = monitor.pollOnce()
            async let walk = monitor.walkGoldenPathOnce()
            async let startup = monitor.readStartupOnce()
            let (checks, run, phases) = await (results, walk, startup)
            await monitor.shutdown()
            await sim?.stop()
            var state = AppState(config: config, now: Date(), restored: restored)
            var effects: [Effect] = []
            for r in checks { effects += Update.update(&state, .monitor(.check(r))) }
            if let run { effects += Update.update(&state, .monitor(.goldenPath(run))) }
            for update in phases { effects += Update.update(&state, .monitor(.startup(update))) }
            effects += Update.update(&state, .tick(Date()))
            return (state, effects, checks)
        }
        guard recording, let history else {
            var read = state
            read.timeline = restored?.timeline.suffix(AppState.timelineLimit).map { $0 } ?? []
            return read
        }
        for result in results { history.record(result) }
        for effect in effects {
            switch effect {
            case .persistEvents(let events): history.append(events)
            case .persistBanner(let record): history.save(record)
            default: break
            }
        }
        return state
    }

    /// True when the environment's locale can show UTF-8 (LC_ALL, then LC_CTYPE, then LANG).
    static var localeIsUTF8: Bool {
        let env = ProcessInfo.processInfo.environment
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { env[$0] }.first { !$0.isEmpty } ?? ""
        let l = locale.lowercased()
        return l.contains("utf-8") || l.contains("utf8")
    }
}
