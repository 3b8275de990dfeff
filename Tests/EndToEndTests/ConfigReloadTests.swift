import Foundation
import Testing
import TestSupport

/// Reloading the config of a running console: SIGUSR1 and `L`, a good file, a broken one, and
/// the fix — in the real binary, in a real terminal, against a local server.
@Suite(.serialized) struct ConfigReloadTests {
    let bin = WarroomBinary.path

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: bin), "build warroom first (swift build): \(bin)")
        try #require(Tmux.isAvailable, "tmux is needed; scripts/test installs it")
    }

    /// A config watching `services` (id, name) on `server`, every second.
    static func config(_ services: [(String, String)], server: CannedHTTPServer) -> String {
        "environment: reload-test\nservices:\n" + services.map { id, name in
            "  - id: \(id)\n    name: \(name)\n    check: { type: http, url: \"\(server.url)\(id)\", interval: 1s }\n"
        }.joined()
    }

    /// The screen's text with line breaks taken out, for sentences the notice bar wraps.
    static func flat(_ screen: String) -> String {
        screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    @Test func aReloadAddsAServiceABrokenFileChangesNothingAndAFixClearsTheNotice() throws {
        let server = try CannedHTTPServer(body: #"{"status":"healthy"}"#)
        defer { server.stop() }
        let file = TempFiles.folder("warroom-reload").appendingPathComponent("watch.yaml").path
        func write(_ text: String) throws { try text.write(toFile: file, atomically: true, encoding: .utf8) }
        try write(Self.config([("alpha", "alpha-api")], server: server))

        let tmux = Tmux()
        try tmux.start(width: 120, height: 40)
        try tmux.type("\(bin) run --config \(file); echo EXIT=$?", enter: true)
        let up = try tmux.waitFor { $0.contains("alpha-api") && $0.contains("✔ OK") }
        #expect(up.ok, "the console never showed alpha-api as OK:\n\(up.screen)")
        #expect(up.screen.contains("L reload config"), "\(up.screen)")
        let found = try Shell.run("/usr/bin/env", ["pgrep", "-f", file])
        let pids = found.output.split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
        let pid = try #require(pids.count == 1 ? pids.first : nil, "one warroom for \(file), found: \(found.output)")

        // A service added to the file appears on SIGUSR1, without a restart.
        try write(Self.config([("alpha", "alpha-api"), ("beta", "beta-api")], server: server))
        #expect(kill(pid, SIGUSR1) == 0)
        let added = try tmux.waitFor(timeout: 15) { screen in
            screen.contains("config reloaded: 2 services (+1 −0)")
                && screen.split(separator: "\n").contains { $0.contains("beta-api") && $0.contains("✔ OK") }
        }
        #expect(added.ok, "beta-api did not appear after SIGUSR1:\n\(added.screen)")
        // The full-screen timeline wraps what the overview cuts at the width.
        try tmux.press("t")
        let timeline = try tmux.waitFor(timeout: 5) { Self.flat($0).contains("Config reloaded from \(file): 2 services (+1 −0) · added beta-api") }
        #expect(timeline.ok, "\(timeline.screen)")
        try tmux.press("t")

        // A broken file (a key misspelt on line 8): nothing changes and the screen says why.
        try write(Self.config([("alpha", "alpha-api")], server: server) + "  - id: beta\n    name: beta-api\n    chek: { type: http, url: \"\(server.url)beta\" }\n")
        let validate = try Shell.run(bin, ["validate", "--config", file])
        #expect(validate.status == 78, "the file should be refused: \(validate.output)\(validate.error)")
        let firstError = try #require(validate.error.split(separator: "\n").first.map(String.init))
        #expect(firstError.hasPrefix("\(file):"), "\(validate.error)")
        try tmux.press("L")
        let refused = try tmux.waitFor(timeout: 10) { Self.flat($0).contains("config not reloaded: \(firstError)") }
        #expect(refused.ok, "no notice naming \(firstError):\n\(refused.screen)")
        #expect(Self.flat(refused.screen).contains("still watching with the config loaded at"), "\(refused.screen)")
        #expect(refused.screen.contains("beta-api"), "the last good config stays:\n\(refused.screen)")
        // The old services are still polled, and the notice stays while they are.
        let before = server.requests
        let polled = try tmux.waitFor(timeout: 15) { _ in server.requests >= before + 3 }
        #expect(polled.ok, "alpha-api stopped being polled after the refusal (\(before) requests before, \(server.requests) after):\n\(polled.screen)")
        #expect(polled.screen.split(separator: "\n").contains { $0.contains("alpha-api") && $0.contains("✔ OK") }, "\(polled.screen)")
        #expect(Self.flat(polled.screen).contains("config not reloaded"), "the notice went away by itself:\n\(polled.screen)")

        // Fixed: the notice goes.
        try write(Self.config([("alpha", "alpha-api"), ("beta", "beta-api")], server: server))
        try tmux.press("L")
        let fixed = try tmux.waitFor(timeout: 10) { $0.contains("config reloaded: 2 services (+0 −0)") && !$0.contains("config not reloaded") }
        #expect(fixed.ok, "the notice stayed after a good reload:\n\(fixed.screen)")
        try tmux.press("q")
        let after = try tmux.waitFor(timeout: 10) { $0.contains("EXIT=0") }
        #expect(after.ok, "no clean exit:\n\(after.screen)")
    }

    /// SIGUSR1 with a 50 MB file froze the console for 37 s and left it holding a gigabyte.
    /// A file over the limit is refused unread; a large one is read off the console's thread,
    /// keys answer meanwhile, and what a refused one took is given back.
    @Test func aLargeConfigNeitherFreezesTheConsoleNorStaysInMemory() throws {
        let server = try CannedHTTPServer(body: #"{"status":"healthy"}"#)
        defer { server.stop() }
        let file = TempFiles.folder("warroom-reload").appendingPathComponent("big.yaml").path
        try Self.config([("alpha", "alpha-api")], server: server).write(toFile: file, atomically: true, encoding: .utf8)
        let tmux = Tmux()
        try tmux.start(width: 120, height: 40)
        try tmux.type("\(bin) run --config \(file); echo EXIT=$?", enter: true)
        #expect(try tmux.waitFor { $0.contains("alpha-api") && $0.contains("✔ OK") }.ok)
        let found = try Shell.run("/usr/bin/env", ["pgrep", "-f", file])
        let pid = try #require(found.output.split(separator: "\n").compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }.first)
        let baseline = try #require(ResidentMemory.megabytes(pid: pid))

        // 50 MB: refused before a byte is read.
        #expect(FileManager.default.createFile(atPath: file, contents: Data(count: 50 << 20)))
        #expect(kill(pid, SIGUSR1) == 0)
        let refused = try tmux.waitFor(timeout: 5) { Self.flat($0).contains("over the 16.0 MB a config may be") }
        #expect(refused.ok, "\(refused.screen)")

        // Several MB of services, one bad key at the very end: read in the background.
        var text = Self.config([("alpha", "alpha-api")], server: server)
        for i in 0..<8000 {
            text += "  - id: s\(i)\n    name: service-\(i)\n    description: A service with a phased startup\n    check:\n      type: http\n"
                + "      url: http://127.0.0.1:9/\(i)/health\n      expect:\n        status: [200, 204]\n        json:\n          - { path: status, equals: healthy }\n"
                + "      latency: { warn: 500ms, critical: 2s }\n      interval: 1h\n"
        }
        text += "  - id: last\n    chek: { type: tcp, host: h, port: 1 }\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(kill(pid, SIGUSR1) == 0)
        let asked = Date()
        try tmux.press("?")
        let help = try tmux.waitFor(timeout: 5) { $0.contains("Keys") && $0.contains("this help") }
        #expect(help.ok, "a key went unanswered while the file was read:\n\(help.screen)")
        let answeredIn = Date().timeIntervalSince(asked)
        #expect(answeredIn < 2, "the help took \(answeredIn) s to appear")
        try tmux.press("Escape")
        let rejected = try tmux.waitFor(timeout: 60) { Self.flat($0).contains("config not reloaded") && Self.flat($0).contains("services[8001].check") }
        #expect(rejected.ok, "\(rejected.screen)")
        Thread.sleep(forTimeInterval: 1)
        let after = try #require(ResidentMemory.megabytes(pid: pid))
        #expect(after < baseline + 80, "resident \(baseline) MB before, \(after) MB after the refused file")
        try tmux.press("q")
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("EXIT=0") }.ok)
    }

    @Test func aWallboardReloadsOnSIGUSR1Only() throws {
        let server = try CannedHTTPServer(body: #"{"status":"healthy"}"#)
        defer { server.stop() }
        let file = TempFiles.folder("warroom-reload").appendingPathComponent("wall.yaml").path
        try Self.config([("alpha", "alpha-api")], server: server).write(toFile: file, atomically: true, encoding: .utf8)
        let tmux = Tmux()
        try tmux.start(width: 120, height: 40)
        try tmux.type("\(bin) wall --config \(file) --rotate 0; echo EXIT=$?", enter: true)
        #expect(try tmux.waitFor { $0.contains("alpha-api") && $0.contains("WALL · overview") }.ok)
        try Self.config([("alpha", "alpha-api"), ("gamma", "gamma-api")], server: server).write(toFile: file, atomically: true, encoding: .utf8)
        try tmux.press("L")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try !tmux.capture().contains("gamma-api"), "L reloaded a wallboard")
        let found = try Shell.run("/usr/bin/env", ["pgrep", "-f", file])
        let pid = try #require(pid_t(found.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(found.output)")
        #expect(kill(pid, SIGUSR1) == 0)
        let shown = try tmux.waitFor(timeout: 15) { $0.contains("gamma-api") && $0.contains("WALL · overview") }
        #expect(shown.ok, "the wallboard did not reload on SIGUSR1:\n\(shown.screen)")
        try tmux.press("q")
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("EXIT=0") }.ok)
    }
}
