import Console
import Foundation
import Monitoring
import NcursesBackend
import TUI

/// Runs the full-screen console for a config until the operator quits or the terminal goes.
///
/// Contract: refuses (message on stderr, exit status 1) before touching the screen when the
/// terminal cannot host it; restores the terminal on every ending; on SIGHUP it does not
/// write to the terminal at all.
enum ConsoleSession {
    struct Options {
        var theme: Theme
        var asciiOnly: Bool
        var colors: Bool
    }

    static func run(config: WarroomConfig, options: Options) -> Int32 {
        if let refusal = NcursesTerminal.checkUsable() {
            FileHandle.standardError.write(Data((refusal.description + "\n").utf8))
            return 1
        }
        let terminal: NcursesTerminal
        do {
            terminal = try NcursesTerminal(asciiOnly: options.asciiOnly, colors: options.colors)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        }
        let runtime = ConsoleRuntime(state: AppState(config: config, now: Date()), theme: options.theme, backend: terminal, effects: nil)
        let inbox = runtime.inbox
        let monitor = Monitor(config: config) { inbox.post(.monitor($0)) }
        let bridge = MonitorBridge(monitor: monitor)
        runtime.setEffects(bridge)
        monitor.start()
        let ending = runtime.run()
        switch ending {
        case .hangup: terminal.restoreAfterHangup()
        case .quit: terminal.restore()
        }
        try? Blocking.run { await monitor.shutdown() }
        if case .quit(let code) = ending { return code }
        return 0
    }
}

/// Passes the console's effects on to the monitor.
final class MonitorBridge: EffectHandler {
    let monitor: Monitor
    init(monitor: Monitor) { self.monitor = monitor }
    func pollNow(_ ids: [String]?) { monitor.pollNow(ids) }
    func walkGoldenPath() { monitor.runGoldenPathNow() }
}
