import CNcurses
import CSignals
import Foundation
import TUI

/// The ncurses backend: the only place in Warroom that talks to curses.
///
/// Contract: create, use and restore it from one thread. `init` refuses (throws
/// `TerminalRefusal`) when stdin/stdout is not a TTY or TERM cannot address the cursor, before
/// touching the screen. Once started, SIGINT, SIGTERM, SIGHUP and SIGUSR1 become `.signal`
/// events instead of acting on the process (signals arriving together each become one, and
/// they are unblocked should the process have been started with them blocked), and a crash
/// or SIGQUIT (SIGSEGV, SIGABRT, SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGQUIT, …) restores the
/// terminal — with async-signal-safe calls only, never racing the thread that draws — before
/// the process dies of it. `present` sends only cells that changed since the last frame;
/// ncurses then sends only the bytes that differ on screen.
public final class NcursesTerminal: Backend {
    public private(set) var size: Size
    public let glyphs: GlyphSet
    public let colorDepth: ColorDepth
    private let screen: OpaquePointer
    private var previous: Buffer?
    private var pairs: [PairKey: Int32] = [:]
    private var restored = false
    /// Signals taken from the shim and not yet returned, in the order `nextEvent` gives them.
    private var caught: [ProcessSignal] = []
    /// The terminal's input, polled beside the wake pipe.
    private var inputDescriptor: Int32 = 0

    private struct PairKey: Hashable {
        var fg: Int32
        var bg: Int32
    }

    /// Checks that the full screen can start on this process's stdin/stdout and TERM.
    public static func checkUsable(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalRefusal? {
        if isatty(0) == 0 { return .notATerminal(stream: "standard input") }
        if isatty(1) == 0 { return .notATerminal(stream: "standard output") }
        return checkTerminalType(environment["TERM"])
    }

    static func checkTerminalType(_ term: String?) -> TerminalRefusal? {
        guard let term, !term.isEmpty else { return .terminalTypeUnset }
        if term == "dumb" { return .cannotAddressCursor(term) }
        if warroom_term_is_usable(term) == 0 {
            // setupterm failing and "no cup" look alike from here; tell them apart by terminfo lookup.
            return FileManager.default.fileExists(atPath: "/usr/share/terminfo/\(term.prefix(1))/\(term)")
                || FileManager.default.fileExists(atPath: "/lib/terminfo/\(term.prefix(1))/\(term)")
                ? .cannotAddressCursor(term) : .unknownTerminalType(term)
        }
        return nil
    }

    /// Starts the full screen on the process's terminal.
    ///
    /// - Parameters:
    ///   - asciiOnly: draw with 7-bit glyphs even in a UTF-8 locale (it is chosen anyway when
    ///     the locale is not UTF-8).
    ///   - colors: false shows attributes only (`NO_COLOR`, mono themes).
    public convenience init(asciiOnly: Bool = false, colors: Bool = true) throws {
        if let refusal = NcursesTerminal.checkUsable() { throw refusal }
        try self.init(terminalType: nil, input: warroom_stdin(), output: warroom_stdout(), asciiOnly: asciiOnly, colors: colors)
    }

    /// Starts the full screen on the given streams (a pseudo-terminal in tests and benchmarks).
    public init(terminalType: String?, input: UnsafeMutablePointer<FILE>, output: UnsafeMutablePointer<FILE>, asciiOnly: Bool = false, colors: Bool = true) throws {
        setlocale(LC_ALL, "")
        let term = terminalType ?? ProcessInfo.processInfo.environment["TERM"]
        if let refusal = NcursesTerminal.checkTerminalType(term) { throw refusal }
        warroom_save_shell_mode(fileno(input))
        guard let screen = newterm(terminalType, output, input) else {
            throw TerminalRefusal.initializationFailed(term ?? "unset")
        }
        self.screen = screen
        set_term(screen)
        glyphs = (asciiOnly || warroom_locale_is_utf8() == 0) ? .ascii : .unicode
        inputDescriptor = fileno(input)
        _ = warroom_wake_pipe()
        warroom_install_signal_handlers()
        warroom_install_crash_handlers()
        let capabilities: [String] = ["sgr0", "rmkx", "cnorm", "rmcup"]
        let undo = capabilities.compactMap { name -> String? in warroom_capability(name).map { String(cString: $0) } }.joined()
        warroom_set_crash_restore(fileno(output), undo, undo.utf8.count)
        warroom_unblock_handled_signals()
        set_escdelay(25)
        cbreak()
        noecho()
        nonl()
        intrflush(warroom_stdscr(), false)
        keypad(warroom_stdscr(), true)
        curs_set(0)
        if colors && has_colors() {
            start_color()
            use_default_colors()
            colorDepth = ColorDepth(colors: Int(warroom_colors()))
        } else {
            colorDepth = .none
        }
        size = Size(width: Int(getmaxx(warroom_stdscr())), height: Int(getmaxy(warroom_stdscr())))
        atexit { warroom_restore_at_exit() }
        NcursesTerminal.active = true
    }

    deinit { restore() }

    /// Set while a screen is up, so an `exit()` from anywhere still restores the terminal.
    nonisolated(unsafe) static var active = false

    /// Wakes `nextEvent` from any thread (and from signal handlers): a byte in a pipe.
    public func makeWaker() -> @Sendable () -> Void {
        { warroom_wake() }
    }

    public func present(_ buffer: Buffer) {
        guard !restored else { return }
        let win = warroom_stdscr()
        let runs = buffer.size == size ? buffer.changes(from: previous) : []
        for run in runs {
            var x = run.x
            for cell in run.cells {
                defer { x += 1 }
                if cell.isContinuation { continue }
                draw(cell, at: x, run.y, in: win)
            }
        }
        previous = buffer.size == size ? buffer : nil
        wnoutrefresh(win)
        doupdate()
    }

    private func draw(_ cell: Cell, at x: Int, _ y: Int, in win: UnsafeMutablePointer<WINDOW>?) {
        var scalars = Array(cell.symbol.unicodeScalars)
        if glyphs.isASCII && scalars.contains(where: { !$0.isASCII }) { scalars = ["?"] }
        var wide = scalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        let attrs = attributes(cell.style.attributes)
        let pair = colorPair(cell.style)
        _ = wide.withUnsafeBufferPointer { p in
            warroom_put_cell(win, Int32(y), Int32(x), p.baseAddress, attrs, pair)
        }
    }

    private func attributes(_ a: Attributes) -> attr_t {
        var v = warroom_A_NORMAL
        if a.contains(.bold) { v |= warroom_A_BOLD }
        if a.contains(.dim) { v |= warroom_A_DIM }
        if a.contains(.italic) { v |= warroom_A_ITALIC }
        if a.contains(.underline) { v |= warroom_A_UNDERLINE }
        if a.contains(.reverse) { v |= warroom_A_REVERSE }
        if a.contains(.blink) { v |= warroom_A_BLINK }
        return v
    }

    private func colorPair(_ style: Style) -> Int32 {
        guard colorDepth != .none else { return 0 }
        let key = PairKey(fg: colorNumber(style.foreground), bg: colorNumber(style.background))
        if key.fg == -1 && key.bg == -1 { return 0 }
        if let p = pairs[key] { return p }
        let next = Int32(pairs.count + 1)
        guard next < warroom_color_pairs() else { return 0 }
        warroom_init_pair(next, key.fg, key.bg)
        pairs[key] = next
        return next
    }

    private func colorNumber(_ color: Color?) -> Int32 {
        guard let c = color?.approximated(for: min(colorDepth, .palette256)) else { return -1 }
        switch c {
        case .default: return -1
        case .ansi(let i), .indexed(let i): return Int32(i)
        case .rgb: return -1
        }
    }

    /// Waits for a key, a resize, a signal, or `makeWaker`'s call, at most the timeout: a
    /// poll on the terminal and the wake pipe, so that the loop sleeps until one of them comes.
    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        guard !restored else { return nil }
        // A signal also wrote to the wake pipe; the loop takes in the inbox after every event,
        // so emptying the pipe here loses no post.
        if let s = takeSignal() {
            warroom_clear_wake()
            return .signal(s)
        }
        let win = warroom_stdscr()
        var ch: wint_t = 0
        // Curses may hold bytes it has read already (the rest of a key's sequence).
        wtimeout(win, 0)
        var r = wget_wch(win, &ch)
        if r == ERR {
            switch warroom_wait_for_input(inputDescriptor, Int32(clamping: timeoutMilliseconds)) {
            case 1:
                // An escape sequence may still be arriving: give it ESCDELAY.
                wtimeout(win, 30)
                r = wget_wch(win, &ch)
            case 2:
                warroom_clear_wake()
                if let s = takeSignal() { return .signal(s) }
                // A resize wakes the pipe too; curses reports it on the next read.
                r = wget_wch(win, &ch)
                if r == ERR { return .wake }
            default:
                return nil
            }
        }
        if let s = takeSignal() { return .signal(s) }
        switch r {
        case KEY_CODE_YES:
            if Int32(ch) == KEY_RESIZE {
                size = Size(width: Int(getmaxx(win)), height: Int(getmaxy(win)))
                previous = nil
                return .resize(size)
            }
            return NcursesTerminal.functionKey(Int32(ch)).map(InputEvent.key)
        case OK:
            return NcursesTerminal.characterKey(UInt32(ch)).map(InputEvent.key)
        default:
            return nil
        }
    }

    /// The next signal caught, if any. Of signals that arrived together the terminal going
    /// away comes first and a reload last, so that nothing is drawn after a hangup.
    private func takeSignal() -> ProcessSignal? {
        if caught.isEmpty {
            let bits = warroom_take_signals()
            if bits != 0 {
                let order: [(Int32, ProcessSignal)] = [(SIGHUP, .hangup), (SIGTERM, .terminate), (SIGINT, .interrupt), (SIGUSR1, .reloadConfig)]
                caught = order.filter { bits & warroom_signal_bit($0.0) != 0 }.map(\.1)
            }
        }
        return caught.isEmpty ? nil : caught.removeFirst()
    }

    static func characterKey(_ code: UInt32) -> Key? {
        switch code {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(code + 96)!))
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case (KEY_F0 + 1)...(KEY_F0 + 24): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    /// Ends the full screen and puts the terminal back; safe to call more than once.
    public func restore() {
        guard !restored else { return }
        restored = true
        endwin()
        delscreen(screen)
        warroom_reset_signal_handlers()
        NcursesTerminal.active = false
    }

    /// Restores the terminal after SIGHUP without ever blocking on it: output is switched to
    /// non-blocking first, so a terminal that is gone (a dropped SSH link) makes the writes
    /// fail at once, while one that is still there (a HUP sent by hand) is put back.
    public func restoreAfterHangup() {
        guard !restored else { return }
        _ = warroom_set_nonblocking(fileno(warroom_stdout()))
        restore()
    }
}

/// Called by `atexit`: restores the terminal if a screen is still up.
private func warroom_restore_at_exit() {
    if NcursesTerminal.active && isendwin() == false { endwin() }
}
