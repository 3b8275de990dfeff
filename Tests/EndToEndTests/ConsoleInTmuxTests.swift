import Foundation
import Testing
import TestSupport

/// The real binary in a real terminal (tmux): what an operator would see and press.
@Suite(.serialized) struct ConsoleInTmuxTests {
    let bin = WarroomBinary.path

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: bin), "build warroom first (swift build): \(bin)")
        try #require(Tmux.isAvailable, "tmux is needed; scripts/test installs it")
    }

    @Test func demoShowsTheOutageRePollsAndQuitsCleanly() throws {
        let tmux = Tmux()
        try tmux.start(width: 120, height: 40)
        try tmux.type("\(bin) demo; echo EXIT=$?", enter: true)
        let shown = try tmux.waitFor { screen in
            ["backend-staging", "auth-staging", "frontend-staging"].allSatisfy { name in
                screen.split(separator: "\n").contains { $0.contains(name) && ($0.contains("OK") || $0.contains("FAIL")) }
            }
        }
        #expect(shown.ok, "demo screen never showed the outage:\n\(shown.screen)")
        let screen = shown.screen
        let backend = screen.split(separator: "\n").first { $0.contains("backend-staging") && $0.contains("FAIL") }
        #expect(backend?.contains("503") == true, "backend row: \(backend ?? "missing")")
        for name in ["auth-staging", "frontend-staging"] {
            let row = screen.split(separator: "\n").first { $0.contains(name) && $0.contains("OK") }
            #expect(row != nil, "\(name) should be OK:\n\(screen)")
        }
        #expect(try tmux.alternateScreenOn())
        try tmux.press("r")
        #expect(try tmux.waitFor(timeout: 5) { $0.contains("re-polling all") }.ok)
        try tmux.press("q")
        let after = try tmux.waitFor(timeout: 10) { $0.contains("EXIT=0") }
        #expect(after.ok, "no clean exit:\n\(after.screen)")
        #expect(try !tmux.alternateScreenOn(), "terminal left in the alternate screen")
    }

    @Test func demoShowsPhasesAndTheBrokenGoldenPathWithoutAKeypress() throws {
        let tmux = Tmux()
        try tmux.start(width: 120, height: 40)
        try tmux.type("\(bin) demo", enter: true)
        let shown = try tmux.waitFor { screen in
            screen.contains("User login ✖ 503") && screen.contains("Startup · backend-staging") && screen.contains("exit 3")
        }
        #expect(shown.ok, "\(shown.screen)")
        let screen = shown.screen
        #expect(screen.contains("WebSocket chat ⊘ blocked"), "\(screen)")
        #expect(screen.contains("Agent response ⊘ blocked"), "\(screen)")
        #expect(screen.contains("DATABASE timeout after 20.0s · exit 3"), "\(screen)")
        #expect(screen.range(of: #"3 DATABASE\s+\S+ (running|timeout)"#, options: .regularExpression) != nil, "\(screen)")
        func restarts(_ s: String) -> Int? {
            guard let r = s.range(of: #"(\d+) restarts"#, options: .regularExpression) else { return nil }
            return Int(s[r].split(separator: " ")[0])
        }
        let first = try #require(restarts(screen), "no restart count:\n\(screen)")
        // The crash loop goes on: at the demo's pace a new attempt starts every few seconds.
        let later = try tmux.waitFor(timeout: 20) { (restarts($0) ?? 0) > first }
        #expect(later.ok, "the restart count did not rise from \(first):\n\(later.screen)")
        try tmux.press("q")
    }

    @Test func aHungStepAndAHungLogNeverFreezeTheScreen() throws {
        let hanging = try HangingServer()
        defer { hanging.stop() }
        let config = TempFiles.write("""
        environment: hang-test
        services:
          - id: steady
            name: steady-service
            check: { type: tcp, host: 127.0.0.1, port: \(hanging.port), interval: 1s }
            startup: { type: log, shell: "sleep 600", preset: phased-startup }
        golden_path:
          interval: 5s
          steps:
            - id: login
              name: Login
              check: { type: http, url: "http://127.0.0.1:\(hanging.port)/login", timeout: 60s }
            - id: chat
              name: Chat
              check: { type: http, url: "http://127.0.0.1:\(hanging.port)/chat" }
        """)
        let tmux = Tmux()
        try tmux.start(width: 100, height: 30)
        try tmux.type("\(bin) run --config \(config); echo EXIT=$?", enter: true)
        let up = try tmux.waitFor { $0.contains("steady-service") && $0.contains("✔ OK") && $0.contains("walking") }
        #expect(up.ok, "\(up.screen)")
        // Keys still answer at once while the step hangs.
        for _ in 0..<3 {
            try tmux.press("?")
            #expect(try tmux.waitFor(timeout: 2) { $0.contains("Keys") && $0.contains("this help") }.ok, "help did not open")
            try tmux.press("Escape")
            #expect(try tmux.waitFor(timeout: 2) { $0.contains("steady-service") && !$0.contains("this help") }.ok, "help did not close")
        }
        // The clock keeps ticking: the screen is redrawn while the step hangs.
        let before = try tmux.capture()
        #expect(try tmux.waitFor(timeout: 3) { $0 != before }.ok, "the screen froze")
        let quitAt = Date()
        try tmux.press("q")
        let after = try tmux.waitFor(timeout: 10) { $0.contains("\nEXIT=0") }
        #expect(after.ok, "\(after.screen)")
        #expect(Date().timeIntervalSince(quitAt) < 5, "quitting waited for the hung step")
        #expect(try !tmux.alternateScreenOn())
    }

    /// Every ending restores the terminal, every time: each signal that ends the console is
    /// sent twenty times while it draws, and each time the shell gets back a terminal with its
    /// own modes (canonical input, echo), the normal screen and a visible cursor, and the exit
    /// status a shell expects (128 + the signal). Ctrl-\ twice once left the alternate screen
    /// on and the terminal raw; 1 of 54 SIGSEGV left it raw.
    @Test func everyEndingRestoresTheTerminalEveryTime() throws {
        let signals: [(String, Int32)] = [("TERM", 143), ("INT", 130), ("HUP", 129), ("QUIT", 131), ("SEGV", 139), ("ABRT", 134),
                                          ("BUS", 135), ("FPE", 136), ("ILL", 132), ("TRAP", 133)]
        let rounds = 20
        let tmux = Tmux()
        try tmux.start(width: 100, height: 30)
        let folder = TempFiles.folder("warroom-signals")
        let config = folder.appendingPathComponent("c.yaml").path
        try "environment: signals\nservices:\n  - { id: a, name: alpha, check: { type: command, run: [/bin/true], interval: 1s } }\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out").path
        let script = folder.appendingPathComponent("loop.sh").path
        try """
        ulimit -c 0
        for sig in \(signals.map(\.0).joined(separator: " ")); do
          i=0
          while [ $i -lt \(rounds) ]; do
            i=$((i+1))
            rm -f \(folder.path)/pid
            ( while [ "$(tmux -S \(tmux.socketPath) display -p '#{alternate_on}')" != 1 ] || [ ! -s \(folder.path)/pid ]; do sleep 0.02; done
              sleep 0.$((i % 3))
              kill -$sig "$(cat \(folder.path)/pid)" ) &
            killer=$!
            sh -c 'echo $$ > \(folder.path)/pid; exec \(bin) run --config \(config) --store \(folder.path)/h.sqlite'
            code=$?
            wait $killer
            modes=$(stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' ')
            echo "$sig $i $code $(tmux -S \(tmux.socketPath) display -p '#{alternate_on}#{cursor_flag}') $modes" >> \(out)
          done
        done
        echo DONE >> \(out)
        """.write(toFile: script, atomically: true, encoding: .utf8)
        try tmux.type("clear; sh \(script)", enter: true)
        let end = Date().addingTimeInterval(Double(signals.count * rounds) * 3)
        while Date() < end, !((try? String(contentsOfFile: out, encoding: .utf8))?.contains("DONE") ?? false) { Thread.sleep(forTimeInterval: 0.5) }
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").filter { $0 != "DONE" }
        #expect(lines.count == signals.count * rounds, "\(lines.count) endings recorded:\n\(lines.suffix(5).joined(separator: "\n"))")
        for (name, code) in signals {
            let mine = lines.filter { $0.hasPrefix("\(name) ") }
            #expect(mine.count == rounds, "SIG\(name): \(mine.count) endings")
            let bad = mine.filter { $0.split(separator: " ").dropFirst(2).joined(separator: " ") != "\(code) 01 icanon echo" }
            #expect(bad.isEmpty, "SIG\(name) (want exit \(code), normal screen, cursor on, icanon echo):\n\(bad.joined(separator: "\n"))")
        }
        // Ctrl-\\ typed twice, as an operator would.
        try tmux.type("clear; \(bin) run --config \(config) --store \(folder.path)/h.sqlite; echo EXIT=$?", enter: true)
        #expect(try tmux.waitFor { $0.contains("alpha") }.ok)
        try tmux.press("C-\\")
        try tmux.press("C-\\")
        let after = try tmux.waitFor(timeout: 10) { $0.contains("EXIT=131") }
        #expect(after.ok, "\(after.screen)")
        #expect(try !tmux.alternateScreenOn())
        try tmux.type("echo still-alive", enter: true)
        #expect(try tmux.waitFor(timeout: 5) { $0.contains("\nstill-alive") }.ok)
    }

    @Test func a80x24FrameStaysReadableAndSurvivesResize() throws {
        let tmux = Tmux()
        try tmux.start(width: 80, height: 24)
        try tmux.type("\(bin) demo", enter: true)
        let small = try tmux.waitFor { $0.contains("backend-staging") && $0.contains("503") }
        #expect(small.ok, "\(small.screen)")
        #expect(small.screen.contains("q quit"))
        try tmux.resize(width: 130, height: 45)
        let big = try tmux.waitFor(timeout: 5) { $0.contains("LATENCY TREND") }
        #expect(big.ok, "after resize:\n\(big.screen)")
        try tmux.resize(width: 30, height: 8)
        #expect(try tmux.waitFor(timeout: 5) { $0.contains("too small") }.ok)
        try tmux.resize(width: 80, height: 24)
        #expect(try tmux.waitFor(timeout: 5) { $0.contains("backend-staging") }.ok)
        try tmux.press("q")
    }

    @Test func asciiLocaleDrawsOnlyASCII() throws {
        let tmux = Tmux()
        try tmux.start(width: 100, height: 30, environment: ["LANG": "C", "LC_ALL": "C"])
        try tmux.type("\(bin) demo", enter: true)
        let shown = try tmux.waitFor { $0.contains("backend-staging") && $0.contains("503") }
        #expect(shown.ok, "\(shown.screen)")
        #expect(shown.screen.unicodeScalars.allSatisfy { $0.isASCII }, "\(shown.screen)")
        try tmux.press("q")
    }

    @Test func noColorSendsNoColours() throws {
        let tmux = Tmux()
        try tmux.start(width: 100, height: 30, environment: ["NO_COLOR": "1"])
        try tmux.type("\(bin) demo", enter: true)
        #expect(try tmux.waitFor { $0.contains("backend-staging") && $0.contains("503") }.ok)
        let escaped = try tmux.capture(escapes: true)
        #expect(!escaped.contains("[38;") && !escaped.contains("[48;") && escaped.range(of: "\u{1B}\\[3[0-7]m", options: .regularExpression) == nil, "\(escaped)")
        try tmux.press("q")
    }

    @Test func dumbTerminalIsRefusedWithAPointer() throws {
        let tmux = Tmux()
        try tmux.start(width: 100, height: 30, environment: ["TERM": "dumb"])
        try tmux.type("\(bin) demo; echo EXIT=$?", enter: true)
        let r = try tmux.waitFor(timeout: 15) { $0.contains("\nEXIT=") }
        let unwrapped = r.screen.replacingOccurrences(of: "\n", with: "")
        #expect(unwrapped.contains("cannot move the cursor"), "\(r.screen)")
        #expect(unwrapped.contains("warroom snapshot"), "\(r.screen)")
        #expect(r.screen.contains("EXIT=1"), "\(r.screen)")
    }
}

/// The commands without a full screen.
@Suite struct CommandLineTests {
    let bin = WarroomBinary.path

    @Test func fullScreenRefusesWithoutATerminal() throws {
        let r = try Shell.run(bin, ["demo"])
        #expect(r.status == 1)
        #expect(r.error.contains("standard input is not a terminal"), "\(r.error)")
        #expect(r.error.contains("warroom snapshot") && r.error.contains("warroom check"), "\(r.error)")
    }

    @Test func checkDemoReportsTheOutageAsJSON() throws {
        let r = try Shell.run(bin, ["check", "--demo", "--format", "json"])
        #expect(r.status == 2, "the golden path fails, so check exits 2: \(r.error)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
        let services = try #require(doc["services"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: services.map { ($0["id"] as! String, $0) })
        #expect(byID["backend"]?["status"] as? String == "fail")
        #expect(byID["backend"]?["code"] as? Int == 503)
        #expect(byID["auth"]?["status"] as? String == "ok")
        #expect(byID["frontend"]?["status"] as? String == "ok")
        #expect(byID["backend"]?["latency_ms"] is Double)
        let path = try #require(doc["golden_path"] as? [String: Any])
        #expect(path["status"] as? String == "fail")
        let steps = try #require(path["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == ["login", "chat", "agent"])
        #expect(steps.map { $0["status"] as? String } == ["fail", "blocked", "blocked"])
    }

    @Test func checkOfAHealthyStagingExitsZero() throws {
        let r = try Shell.run(bin, ["check", "--demo", "--scenario", "healthy", "--store", TempFiles.storePath()])
        #expect(r.status == 0, "\(r.output)\n\(r.error)")
        #expect(r.output.hasPrefix("staging (simulated): OK"), "\(r.output)")
    }

    @Test func snapshotPrintsTheFrame() throws {
        let r = try Shell.run(bin, ["snapshot", "--demo", "--size", "100x30"], environment: ["LANG": "C.UTF-8"])
        #expect(r.status == 0, "\(r.error)")
        let lines = r.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count >= 30)
        #expect(r.output.contains("backend-staging") && r.output.contains("503"))
        let ascii = try Shell.run(bin, ["snapshot", "--demo", "--ascii"])
        #expect(ascii.output.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func validateExitCodes() throws {
        let good = TempFiles.write("environment: e\nservices:\n  - id: a\n    check: {type: tcp, host: localhost, port: 5432}\n")
        let ok = try Shell.run(bin, ["validate", "--config", good])
        #expect(ok.status == 0, "\(ok.error)")
        let bad = TempFiles.write("environment: e\nservices:\n  - id: a\n    check:\n      type: tcp\n      port: 5432\n")
        let r = try Shell.run(bin, ["validate", "--config", bad])
        #expect(r.status == 78)
        #expect(r.error.contains("\(bad):5:"), "\(r.error)")
        #expect(r.error.contains("services[0].check.host"), "\(r.error)")
        let missing = try Shell.run(bin, ["check", "--config", "/no/such/file.yaml"])
        #expect(missing.status == 78)
    }
}
