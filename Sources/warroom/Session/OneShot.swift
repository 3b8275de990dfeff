import Console
import Foundation
import Monitoring
import Simulator
import TUI

/// One poll of every check, for `snapshot` and `check`: the results folded into a console
/// state exactly as the live console would fold them.
enum OneShot {
    /// `store`: when given, the history it holds is read first (never written), so banners keep
    /// their original start and the timeline its past.
    static func poll(_ source: ConfigSourceOptions, store: StoreOptions? = nil) throws -> AppState {
        let (config, sim) = try source.load()
        let history = store.map { History(path: $0.path(for: config), readOnly: true) }
        defer { history?.close() }
        let restored = history?.restore(config, now: Date())
        let state = try Blocking.run { () async -> AppState in
            let monitor = Monitor(config: config) { _ in }
            async let results = monitor.pollOnce()
            async let walk = monitor.walkGoldenPathOnce()
            async let startup = monitor.readStartupOnce()
            let (checks, run, phases) = await (results, walk, startup)
            await monitor.shutdown()
            await sim?.stop()
            var state = AppState(config: config, now: Date(), restored: restored)
            for r in checks { _ = Update.update(&state, .monitor(.check(r))) }
            if let run { _ = Update.update(&state, .monitor(.goldenPath(run))) }
            for update in phases { _ = Update.update(&state, .monitor(.startup(update))) }
            _ = Update.update(&state, .tick(Date()))
            return state
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
