import Console
import Foundation
import Monitoring
import NcursesBackend
import Runner
import TUI

/// Runs the full-screen console for a config until the operator quits or the terminal goes.
///
/// Contract: refuses (message on stderr, exit status 1) before touching the screen when the
/// terminal cannot host it; restores the terminal on every ending; on SIGHUP it does not
/// write to the terminal at all. Audit records that could never be written to the audit log
/// are printed on stderr once the terminal is restored (after SIGHUP only when stderr is not
/// the terminal); the store keeps a copy of them either way.
enum ConsoleSession {
    struct Options {
        var theme: Theme
        var asciiOnly: Bool
        var colors: Bool
        /// Nothing runs: the runbook runner is never created.
        var readOnly = false
        /// A wallboard turning pages every so many seconds (read-only whatever else is said).
        var wall: TimeInterval?
        /// The config file `L` and SIGUSR1 read again; nil for a built-in config (the demo).
        var configFile: String?
    }

    static func run(config: WarroomConfig, options: Options, store: StoreChoice) -> Int32 {
        if let refusal = NcursesTerminal.checkUsable() {
            Output.error(refusal.description)
            return 1
        }
        let terminal: NcursesTerminal
        do {
            terminal = try NcursesTerminal(asciiOnly: options.asciiOnly, colors: options.colors)
        } catch {
            Output.error("\(error)")
            return 1
        }
        let inbox = Inbox()
        let history = History(store) { status in inbox.post(.store(History.notice(status))) }
        let now = Date()
        let operatorName = AuditOperator.current().name
        let readOnly = options.readOnly || options.wall != nil
        var state = AppState(config: config, now: now, operatorName: operatorName, restored: history.restore(config, now: now), readOnly: readOnly)
        state.store = history.notice
        state.wall = options.wall.map { WallState(rotateEvery: $0, now: now) }
        state.configFile = options.configFile
        let desk = readOnly || config.runbooks.isEmpty ? nil : RunbookDesk(config: config, history: history) { inbox.post($0) }
        if let desk, history.writer.status.mode == .file {
            let interrupted = desk.markInterrupted()
            state.timeline += interrupted
            history.append(interrupted)
            if let news = desk.reconcile() { inbox.post(.flash(news)) }
        }
        // Without colour (NO_COLOR, a terminal without colours) bars keep reading as bars in reverse video.
        let look: (Theme) -> Theme = { options.colors && terminal.colorDepth != .none ? $0 : $0.withoutColor() }
        let runtime = ConsoleRuntime(state: state, theme: look(options.theme), backend: terminal, effects: nil, inbox: inbox)
        runtime.findThemes = {
            var themes = ThemeLoader.availableThemes().compactMap { try? ThemeLoader.load($0) }
            if !themes.contains(where: { $0.name == options.theme.name }) { themes.insert(options.theme, at: 0) }
            return themes.map(look)
        }
        let bridge = MonitorBridge(config: config, history: history, inbox: inbox, readOnly: readOnly, desk: desk)
        runtime.setEffects(bridge)
        let ending = runtime.run()
        switch ending {
        case .hangup: terminal.restoreAfterHangup()
        case .quit: terminal.restore()
        }
        // With `steps_on_hangup: keep` a dropped connection leaves steps running; the next
        // start records them as interrupted.
        let hungUp: Bool
        if case .hangup = ending { hungUp = true } else { hungUp = false }
        if !(hungUp && bridge.config.stepsOnHangup == .keep) { bridge.desk?.stopAll() }
        if let unwritten = bridge.desk?.close(), !(hungUp && isatty(STDERR_FILENO) == 1) {
            Output.prompt(unwritten)
        }
        bridge.shutdown()
        history.close()
        if case .quit(let code) = ending { return code }
        return Update.hungUpStatus
    }
}
