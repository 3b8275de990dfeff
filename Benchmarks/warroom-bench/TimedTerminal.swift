import Foundation
import Monitoring
import NcursesBackend
import TUI

/// The real ncurses backend on a pseudo-terminal, read as a terminal emulator would after
/// every frame, that times each frame and ends the console at `deadline` with a SIGTERM event.
///
/// A frame's work is measured from the moment `nextEvent` returns (the loop then takes in
/// what the monitor posted, ticks and renders) to the `present` that follows; `present`
/// (ncurses diffing and writing, and reading the pty) is timed on its own.
final class TimedTerminal: Backend {
    private let pty: PseudoTerminal
    private let terminal: NcursesTerminal
    private let deadline: ContinuousClock.Instant
    private var eventReturned: ContinuousClock.Instant?
    /// Only frames after this instant are kept.
    private let measureFrom: ContinuousClock.Instant
    private(set) var frameMilliseconds: [Double] = []
    private(set) var presentMilliseconds: [Double] = []
    private(set) var bytesWritten = 0

    init(size: Size, deadline: ContinuousClock.Instant, measureFrom: ContinuousClock.Instant) throws {
        pty = try PseudoTerminal(rows: size.height, columns: size.width)
        terminal = try NcursesTerminal(terminalType: "xterm-256color", input: pty.slaveInput, output: pty.slaveOutput)
        self.deadline = deadline
        self.measureFrom = measureFrom
    }

    var size: Size { terminal.size }
    var glyphs: GlyphSet { terminal.glyphs }
    var colorDepth: ColorDepth { terminal.colorDepth }

    func present(_ buffer: Buffer) {
        let t0 = ContinuousClock.now
        terminal.present(buffer)
        let sent = pty.drain().count
        let t1 = ContinuousClock.now
        if let returned = eventReturned, returned >= measureFrom {
            frameMilliseconds.append((t0 - returned).seconds * 1000)
            presentMilliseconds.append((t1 - t0).seconds * 1000)
            bytesWritten += sent
        }
    }

    func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        let now = ContinuousClock.now
        if now >= deadline { return .signal(.terminate) }
        let left = Int(((deadline - now).seconds * 1000).rounded(.up))
        let event = terminal.nextEvent(timeoutMilliseconds: min(timeoutMilliseconds, left))
        eventReturned = .now
        return event
    }

    func makeWaker() -> @Sendable () -> Void { terminal.makeWaker() }

    func restore() { terminal.restore() }
}
