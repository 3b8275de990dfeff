import Foundation
import Monitoring
import TUI

/// Carries out effects that reach outside the console (checks, runbooks, the store).
public protocol EffectHandler: AnyObject {
    func pollNow(_ ids: [String]?)
    func walkGoldenPath()
    /// Keeps timeline events (returns at once; the store writes in the background).
    func persist(_ events: [TimelineEvent])
    /// Keeps a banner record (returns at once).
    func persist(_ banner: BannerRecord)
    /// Writes the incident report for `state`; where it went, or why it could not be written,
    /// comes back as a `.flash` message.
    func writeReport(_ state: AppState)
    /// Starts a step run (returns at once; progress arrives as `.runbook` messages).
    func start(_ request: StepRequest)
    func cancel(run: UUID)
    /// Stops every running step and waits until they are gone.
    func stopAllRuns()
    /// Reads the config file at `path` with the loader used at start, off the console's
    /// thread. A good config is put to work outside the console (checks restart with it, later
    /// runbook steps use it, running ones go on) and comes back as `.configReloaded`; a bad one
    /// changes nothing and comes back as `.configRejected`.
    func reloadConfig(path: String)
}

/// The loop that owns the terminal: read input, take in background messages, update, draw.
///
/// Contract: runs on the thread that created the backend and returns when `update` asks to
/// quit or the terminal is gone; background work only ever reaches it through `inbox`.
/// Every frame is drawn whole and `Backend.present` sends only the difference, so an idle
/// console writes almost nothing.
public final class ConsoleRuntime {
    public enum Ending: Hashable, Sendable {
        case quit(Int32)
        /// The terminal went away (SIGHUP); it must not be written to.
        case hangup
    }

    public private(set) var state: AppState
    public var theme: Theme
    /// Finds the themes `T` cycles through, in order (the current one among them by name);
    /// asked once, on the first `T`, so that start-up reads no theme files it may not need.
    public var findThemes: () -> [Theme] = { [] }
    private lazy var themes: [Theme] = findThemes()
    public let inbox: Inbox
    private let backend: any Backend
    private let clock: () -> Date
    private weak var effects: (any EffectHandler)?
    /// How long one wait for input may take; bounds the delay before a result is drawn.
    public var frameMilliseconds = 100

    public init(state: AppState, theme: Theme, backend: any Backend, effects: (any EffectHandler)?, inbox: Inbox = Inbox(), clock: @escaping () -> Date = Date.init) {
        self.inbox = inbox
        self.state = state
        self.theme = theme
        self.backend = backend
        self.effects = effects
        self.clock = clock
    }

    /// Sets who carries out effects (held weakly: the caller keeps it alive).
    public func setEffects(_ handler: any EffectHandler) { effects = handler }

    /// Runs until the console ends; returns how it ended.
    public func run() -> Ending {
        draw()
        while true {
            var messages: [Msg] = []
            if let event = backend.nextEvent(timeoutMilliseconds: frameMilliseconds) {
                switch event {
                case .key(let k): messages.append(.key(k))
                case .resize(let s): messages.append(.resize(s))
                case .signal(let s): messages.append(.signal(s))
                }
            }
            messages += inbox.drain()
            messages.append(.tick(clock()))
            for message in messages {
                for effect in Update.update(&state, message) {
                    if let ending = perform(effect) { return ending }
                }
            }
            draw()
        }
    }

    /// Handles one message as the loop would, without waiting for input (for tests).
    public func send(_ message: Msg) -> Ending? {
        for effect in Update.update(&state, message) {
            if let ending = perform(effect) { return ending }
        }
        draw()
        return nil
    }

    private func perform(_ effect: Effect) -> Ending? {
        switch effect {
        case .pollNow(let ids):
            effects?.pollNow(ids)
            return nil
        case .walkGoldenPath:
            effects?.walkGoldenPath()
            return nil
        case .persistEvents(let events):
            effects?.persist(events)
            return nil
        case .persistBanner(let record):
            effects?.persist(record)
            return nil
        case .writeReport:
            effects?.writeReport(state)
            return nil
        case .startStep(let request):
            effects?.start(request)
            return nil
        case .cancelRun(let id):
            effects?.cancel(run: id)
            return nil
        case .stopAllRuns:
            effects?.stopAllRuns()
            return nil
        case .reloadConfig(let path):
            effects?.reloadConfig(path: path)
            return nil
        case .cycleTheme:
            guard themes.count > 1 else {
                _ = Update.update(&state, .flash("no other theme to switch to"))
                return nil
            }
            let i = themes.firstIndex { $0.name == theme.name } ?? -1
            theme = themes[(i + 1) % themes.count]
            _ = Update.update(&state, .flash("theme: \(theme.name)"))
            return nil
        case .quit(let code):
            return .quit(code)
        case .abandon:
            return .hangup
        }
    }

    private func draw() {
        backend.present(ConsoleView.render(state, theme: theme, size: backend.size, glyphs: backend.glyphs))
    }
}
