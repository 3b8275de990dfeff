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
/// quit or the terminal is gone; background work only ever reaches it through `inbox`, whose
/// posts wake it at once. Between events it sleeps until the next moment the screen would read
/// differently (`AppState.nextVisibleChange`), never waking for nothing: an idle console draws
/// a frame a minute, or as often as its shortest-lived text needs. A frame is rendered only
/// when something was taken in or that moment came, and `Backend.present` sends only the
/// difference, so an unchanged frame sends nothing.
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
    /// The longest the loop sleeps, whatever the state says.
    public var longestSleepMilliseconds = 60_000
    /// How many frames were rendered (for tests and benchmarks).
    public private(set) var framesRendered = 0
    /// The shortest time between two frames that results alone bring; well under the 100 ms
    /// in which a result must reach the screen.
    public var framePacingMilliseconds = 80
    private var lastFrameAt: Date?
    /// The most messages in one batch whose results are judged one by one for a visible change.
    static let judgedBatch = 32
    /// Whether a frame is held back by the pacing, to be drawn when it runs out.
    private var held = false

    public init(state: AppState, theme: Theme, backend: any Backend, effects: (any EffectHandler)?, inbox: Inbox = Inbox(), clock: @escaping () -> Date = Date.init) {
        self.inbox = inbox
        self.state = state
        self.theme = theme
        self.backend = backend
        self.effects = effects
        self.clock = clock
        inbox.setWaker(backend.makeWaker())
    }

    /// Sets who carries out effects (held weakly: the caller keeps it alive).
    public func setEffects(_ handler: any EffectHandler) { effects = handler }

    /// Runs until the console ends; returns how it ended.
    public func run() -> Ending {
        if let ending = take([.tick(clock())]) { return ending }
        while true {
            if let ending = step() { return ending }
        }
    }

    /// One turn of the loop: waits for an event, a post or the next visible change, takes in
    /// what came and draws if the screen would read differently. Returns how the console
    /// ended, if it did.
    public func step() -> Ending? {
        let now = clock()
        var wake = state.nextVisibleChange() ?? now.addingTimeInterval(Double(longestSleepMilliseconds) / 1000)
        let heldUntil = held ? lastFrameAt.map { $0.addingTimeInterval(Double(framePacingMilliseconds) / 1000) } : nil
        if let heldUntil { wake = min(wake, heldUntil) }
        // While a frame is held by the pacing, what comes in waits in the inbox for it, so that
        // a stream of results is taken in one batch a frame, not one turn of the loop each.
        var messages = heldUntil.map { now >= $0 } ?? true ? inbox.drain() : []
        // Input is read on every turn, so that no stream of results can keep a key waiting.
        let wait = messages.isEmpty ? min(longestSleepMilliseconds, max(0, Int((wake.timeIntervalSince(now) * 1000).rounded(.up)))) : 0
        if let event = backend.nextEvent(timeoutMilliseconds: wait) {
            switch event {
            case .key(let k): messages.append(.key(k))
            case .resize(let s): messages.append(.resize(s))
            case .signal(let s): messages.append(.signal(s))
            case .wake: break
            }
        }
        let after = clock()
        if heldUntil.map({ after >= $0 }) ?? true { messages += inbox.drain() }
        // Woken early with nothing to take in (a wake whose post was already drained, or one
        // that waits for the held frame).
        if messages.isEmpty && after < wake { return nil }
        messages.append(.tick(after))
        return take(messages, due: after >= wake)
    }

    /// Handles `messages` in order, then draws once if anything visible changed: an operator's
    /// key, a resize, anything but a check result, a result that changed its service's face
    /// or made `update` ask for work, or `due` (a time-driven change came). A frame driven by
    /// results alone is held until `framePacingMilliseconds` after the last one, so a stream
    /// of results is a few frames a second whatever its rate; keys never wait.
    private func take(_ messages: [Msg], due: Bool = true) -> Ending? {
        // A large batch is drawn without asking: one frame costs less than judging each result.
        var visible = due || messages.count > ConsoleRuntime.judgedBatch
        var byOperator = false
        for message in messages {
            var before: ServiceFace?
            switch message {
            case .monitor(.check(let result)): if !visible { before = state.face(ofService: result.checkID) }
            case .tick: break
            case .key, .resize, .signal: byOperator = true
            default: visible = true
            }
            let effects = Update.update(&state, message)
            for effect in effects {
                if let ending = perform(effect) { return ending }
            }
            if !visible, case .monitor(.check(let result)) = message, !effects.isEmpty || before != state.face(ofService: result.checkID) {
                visible = true
            }
        }
        guard byOperator || visible || held else { return nil }
        if !byOperator, let last = lastFrameAt, clock().timeIntervalSince(last) * 1000 < Double(framePacingMilliseconds) - 0.5 {
            held = true
        } else {
            draw()
        }
        return nil
    }

    /// Handles one message as the loop would, without waiting for input (for tests).
    /// Draws at once, whatever the message (pacing is for the loop).
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
        framesRendered += 1
        held = false
        lastFrameAt = clock()
        backend.present(ConsoleView.render(state, theme: theme, size: backend.size, glyphs: backend.glyphs))
    }
}
