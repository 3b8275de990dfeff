import Foundation
import Synchronization

/// A tmux server of its own (`tmux -L NAME`) for driving the real binary in a real terminal.
public final class Tmux {
    public let socket: String
    public let session = "warroom"

    public init() {
        socket = "warroom-test-\(UUID().uuidString.prefix(8))"
        Tmux.started.withLock { _ = $0.insert(socket) }
    }

    deinit {
        _ = try? run(["kill-server"])
        Tmux.started.withLock { _ = $0.remove(socket) }
    }

    /// The server's socket, for `tmux -S` from inside the pane (where `env -i` has cleared
    /// `TMUX` and `TMUX_TMPDIR`).
    public var socketPath: String {
        let base = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return "\(base)/tmux-\(getuid())/\(socket)"
    }

    /// The servers this process started and has not stopped yet.
    private static let started = Mutex<Set<String>>([])

    /// Stops every server this process started (at exit, for those a failing test left).
    static func killAll() {
        for socket in started.withLock({ $0 }) {
            _ = try? Shell.run("/usr/bin/env", ["tmux", "-L", socket, "kill-server"])
        }
    }

    /// Whether tmux is installed; the test script installs it, so its absence is a failure.
    public static var isAvailable: Bool {
        (try? Shell.run("/usr/bin/env", ["tmux", "-V"]).status) == 0
    }

    @discardableResult
    public func run(_ args: [String]) throws -> Shell.Result {
        try Shell.run("/usr/bin/env", ["tmux", "-L", socket] + args)
    }

    /// Starts a shell in a `width`x`height` window with `environment` set.
    public func start(width: Int, height: Int, environment: [String: String] = [:]) throws {
        // Each session keeps its history in a fresh state directory unless a test says otherwise.
        let state = TempFiles.folder("warroom-state").path
        // The audit key lives in the configuration folder: the one the test run uses, so that
        // the console and the commands a test runs beside it seal with the same key.
        let config = TempFiles.configHome
        var env = ["LANG": "C.UTF-8", "TERM": "xterm-256color", "PS1": "$ ", "XDG_STATE_HOME": state, "XDG_CONFIG_HOME": config, "USER": "oncall"]
        env.merge(environment) { $1 }
        let exports = env.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        try run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "env -i PATH=\"$PATH\" HOME=\"$HOME\" \(exports) bash --norc --noprofile"])
        try run(["set-option", "-t", session, "status", "off"])
    }

    /// Types text into the pane; `enter` presses Return after it.
    public func type(_ text: String, enter: Bool = false) throws {
        try run(["send-keys", "-t", session, "-l", text])
        if enter { try run(["send-keys", "-t", session, "Enter"]) }
    }

    /// Presses named keys (`Up`, `Enter`, `C-c`).
    public func press(_ keys: String...) throws {
        try run(["send-keys", "-t", session] + keys)
    }

    /// The visible screen as text; `escapes` keeps colour and attribute sequences.
    public func capture(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", session] + (escapes ? ["-e"] : [])).output
    }

    /// Whether the pane is showing the alternate screen (a full-screen program is up).
    public func alternateScreenOn() throws -> Bool {
        try run(["display-message", "-p", "-t", session, "#{alternate_on}"]).output.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    public func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits until the screen satisfies `condition`; returns the last capture either way.
    @discardableResult
    public func waitFor(timeout: TimeInterval = 30, _ condition: (String) -> Bool) throws -> (ok: Bool, screen: String) {
        let end = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < end {
            screen = try capture()
            if condition(screen) { return (true, screen) }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return (false, screen)
    }
}

/// Runs a program and collects its output.
public enum Shell {
    public struct Result {
        public var status: Int32
        public var output: String
        public var error: String
    }

    /// Runs with `posix_spawn` and `waitpid`, output to files rather than pipes, so a daemon
    /// the program leaves behind (the tmux server) cannot keep the call waiting.
    public static func run(_ executable: String, _ args: [String], environment: [String: String]? = nil) throws -> Result {
        let dir = TempFiles.root
        let outPath = dir.appendingPathComponent("warroom-shell-\(UUID().uuidString).out").path
        let errPath = dir.appendingPathComponent("warroom-shell-\(UUID().uuidString).err").path
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // A clean signal mask and default dispositions: the test's threads block most signals,
        // and a child (a tmux server, and everything it starts) would keep them blocked for
        // good, out of reach of SIGTERM and of the signals the tests send the console.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var variables = environment ?? ProcessInfo.processInfo.environment
        if variables["XDG_CONFIG_HOME"] == nil { variables["XDG_CONFIG_HOME"] = TempFiles.configHome }
        if variables["XDG_STATE_HOME"] == nil { variables["XDG_STATE_HOME"] = TempFiles.stateHome }
        let env = variables.map { "\($0.key)=\($0.value)" }
        let argv = [executable] + args
        var pid: pid_t = 0
        let rc = withCStrings(argv) { cargv in
            withCStrings(env) { cenv in posix_spawn(&pid, executable, &actions, &attributes, cargv, cenv) }
        }
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: code, output: out, error: err)
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers = strings.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}

/// Where the built `warroom` binary is: `WARROOM_BIN`, else the debug build of this checkout.
public enum WarroomBinary {
    public static var path: String {
        if let p = ProcessInfo.processInfo.environment["WARROOM_BIN"], !p.isEmpty { return p }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/warroom").path
    }
}
