import Foundation
import Testing
import TUI
@testable import NcursesBackend

/// The real ncurses backend over a pseudo-terminal. ncurses state is global: one at a time.
@Suite(.serialized) struct NcursesTerminalTests {
    init() { setenv("LANG", "C.UTF-8", 1); setenv("LC_ALL", "C.UTF-8", 1) }

    func withTerminal(_ body: (NcursesTerminal, PseudoTerminal) throws -> Void) throws {
        let pty = try PseudoTerminal(rows: 24, columns: 80)
        let terminal = try NcursesTerminal(terminalType: "xterm-256color", input: pty.slaveInput, output: pty.slaveOutput)
        defer { terminal.restore() }
        try body(terminal, pty)
    }

    @Test func presentsTextAndThenOnlyChanges() throws {
        try withTerminal { terminal, pty in
            #expect(terminal.size == Size(width: 80, height: 24))
            #expect(terminal.glyphs == .unicode)
            _ = pty.drain()
            var frame = Buffer(size: terminal.size)
            frame.set(0, 0, "WARROOM staging ✖ FAIL", Style(foreground: .red, attributes: .bold))
            frame.set(0, 5, "backend-staging HTTP 503")
            terminal.present(frame)
            let first = String(decoding: pty.drain(), as: UTF8.self)
            #expect(first.contains("WARROOM staging ✖ FAIL"))
            #expect(first.contains("backend-staging HTTP 503"))
            terminal.present(frame)
            #expect(pty.drain().isEmpty, "an unchanged frame must send nothing")
            frame.set(16, 5, "HTTP 200")
            terminal.present(frame)
            let change = pty.drain()
            #expect(change.count > 0 && change.count < 60, "one changed row sent \(change.count) bytes")
        }
    }

    @Test func readsKeysAndTimesOut() throws {
        try withTerminal { terminal, pty in
            pty.type("q")
            #expect(terminal.nextEvent(timeoutMilliseconds: 500) == .key(.char("q")))
            let up = try #require(PseudoTerminal.keySequence("kcuu1"))
            pty.type(up)
            #expect(terminal.nextEvent(timeoutMilliseconds: 500) == .key(.up))
            pty.type([1])
            #expect(terminal.nextEvent(timeoutMilliseconds: 500) == .key(.ctrl("a")))
            pty.type([13])
            #expect(terminal.nextEvent(timeoutMilliseconds: 500) == .key(.enter))
            let start = Date()
            #expect(terminal.nextEvent(timeoutMilliseconds: 150) == nil)
            #expect(Date().timeIntervalSince(start) < 1)
        }
    }

    @Test func signalsBecomeEvents() throws {
        try withTerminal { terminal, _ in
            kill(getpid(), SIGTERM)
            #expect(terminal.nextEvent(timeoutMilliseconds: 200) == .signal(.terminate))
            kill(getpid(), SIGHUP)
            #expect(terminal.nextEvent(timeoutMilliseconds: 200) == .signal(.hangup))
        }
    }

    /// Raises `signals` on this thread, each handled before the next is raised. The test's
    /// thread may block them (a pool thread does); `kill` would hand them to whichever thread
    /// does not, at a time of the kernel's choosing.
    func raiseHere(_ signals: Int32...) {
        var unblock = sigset_t(), previous = sigset_t()
        sigemptyset(&unblock)
        for s in signals { sigaddset(&unblock, s) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, &previous)
        for s in signals { raise(s) }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }

    @Test func signalsArrivingTogetherAreEachKept() throws {
        try withTerminal { terminal, _ in
            raiseHere(SIGUSR1, SIGUSR1, SIGINT)
            // The ending first, then the reload; the same signal twice before a read is one event.
            #expect(terminal.nextEvent(timeoutMilliseconds: 200) == .signal(.interrupt))
            #expect(terminal.nextEvent(timeoutMilliseconds: 200) == .signal(.reloadConfig))
            #expect(terminal.nextEvent(timeoutMilliseconds: 50) == nil)
            raiseHere(SIGUSR1)
            #expect(terminal.nextEvent(timeoutMilliseconds: 200) == .signal(.reloadConfig))
        }
    }

    @Test func restoreLeavesTheAlternateScreenAndIsIdempotent() throws {
        let pty = try PseudoTerminal(rows: 24, columns: 80)
        let terminal = try NcursesTerminal(terminalType: "xterm-256color", input: pty.slaveInput, output: pty.slaveOutput)
        let setup = String(decoding: pty.drain(), as: UTF8.self)
        #expect(setup.contains("\u{1B}[?1049h"), "should enter the alternate screen")
        #expect(Self.handlesItself(SIGUSR1))
        terminal.restore()
        terminal.restore()
        let teardown = String(decoding: pty.drain(), as: UTF8.self)
        #expect(teardown.contains("\u{1B}[?1049l"), "should leave the alternate screen")
        #expect(terminal.nextEvent(timeoutMilliseconds: 10) == nil)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGUSR1] {
            #expect(!Self.handlesItself(sig), "signal \(sig) still caught after restore")
        }
    }

    /// Whether `sig` has a handler of its own (not the default action, not ignored).
    static func handlesItself(_ sig: Int32) -> Bool {
        var current = sigaction()
        sigaction(sig, nil, &current)
        // SIG_DFL is 0 and SIG_IGN is 1 on Linux.
        let handler = unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
        return handler != 0 && handler != 1
    }

    @Test func refusesTerminalsThatCannotHostAFullScreen() throws {
        #expect(NcursesTerminal.checkTerminalType("dumb") == .cannotAddressCursor("dumb"))
        #expect(NcursesTerminal.checkTerminalType(nil) == .terminalTypeUnset)
        #expect(NcursesTerminal.checkTerminalType("no-such-terminal-xyz") == .unknownTerminalType("no-such-terminal-xyz"))
        #expect(NcursesTerminal.checkTerminalType("xterm-256color") == nil)
        #expect(NcursesTerminal.checkTerminalType("vt100") == nil)
        #expect(TerminalRefusal.notATerminal(stream: "standard input").description.contains("warroom snapshot"))
    }

    @Test func keyCodesMapToKeys() {
        #expect(NcursesTerminal.characterKey(27) == .escape)
        #expect(NcursesTerminal.characterKey(127) == .backspace)
        #expect(NcursesTerminal.characterKey(1) == .ctrl("a"))
        #expect(NcursesTerminal.characterKey(0x65E5) == .char("日"))
    }
}
