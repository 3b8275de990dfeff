import Foundation

/// A tmux server of its own (`tmux -L NAME`) for driving the real binary in a real terminal.
public final class Tmux {
    public let socket: String
    public let session = "warroom"

    public init() {
        socket = "warroom-test-\(UUID().uuidString.prefix(8))"
    }

    deinit { _ = try? run(["kill-server"]) }

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
        var env = ["LANG": "C.UTF-8", "TERM": "xterm-256color", "PS1": "$ "]
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

    public static func run(_ executable: String, _ args: [String], environment: [String: String]? = nil, stdin: FileHandle? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = stdin ?? FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, output: String(decoding: o, as: UTF8.self), error: String(decoding: e, as: UTF8.self))
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
