import Foundation
import Testing
import TestSupport

/// The real console watching a staging where every fault plays at once (`warroom sim
/// --fault …`): it keeps answering keys, every faulty row turns red while the healthy one stays
/// green, memory stays bounded, and not one byte of the escape sequences the server sends
/// reaches the terminal.
@Suite(.serialized) struct FaultsInTheConsoleTests {
    let bin = WarroomBinary.path

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: bin), "build warroom first (swift build): \(bin)")
        try #require(Tmux.isAvailable, "tmux is needed; scripts/test installs it")
    }

    /// Fault name → path it is played on.
    static let faults: [(fault: String, path: String)] = [
        ("hang", "/f/hang"), ("trickle", "/f/trickle"), ("reset", "/f/reset"), ("close-after-headers", "/f/close"),
        ("huge-body", "/f/huge"), ("invalid-utf8", "/f/utf8"), ("deep-json", "/f/deep"), ("escapes", "/f/escapes"), ("escape-headers", "/f/escape-headers"),
        ("unhealthy-200", "/f/unhealthy"), ("huge-frame", "/ws/chat"),
    ]

    /// Starts `warroom sim --port 0 ARGS` in the background of the pane's shell; returns the
    /// base URL it prints.
    func startSimulator(in tmux: Tmux, _ args: String, output: String) throws -> String {
        try tmux.type("\(bin) sim --port 0 \(args) > \(output) 2>&1 &", enter: true)
        for _ in 0..<100 {
            Thread.sleep(forTimeInterval: 0.1)
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let r = text.range(of: #"https?://127\.0\.0\.1:\d+"#, options: .regularExpression) { return String(text[r]) }
        }
        throw SimulatorSilent(output: (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    struct SimulatorSilent: Error, CustomStringConvertible {
        let output: String
        var description: String { "the simulator never said where it listens: \(output)" }
    }

    @Test func everyFaultAtOnceLeavesTheConsoleAnsweringAndTheTerminalClean() throws {
        let dir = TempFiles.folder("warroom-faults")
        let raw = dir.appendingPathComponent("terminal.raw").path
        let config = dir.appendingPathComponent("faults.yaml").path
        let tmux = Tmux()
        try tmux.start(width: 200, height: 50)
        let faultArgs = Self.faults.map { "--fault \($0.path)=\($0.fault)" }.joined(separator: " ")
        defer { try? tmux.type("kill $(jobs -p)", enter: true) }
        let url = try startSimulator(in: tmux, "--scenario healthy \(faultArgs)", output: dir.appendingPathComponent("sim.out").path)
        // A second staging, on HTTPS with a certificate that ended two days ago.
        let tlsURL = try startSimulator(in: tmux, "--scenario healthy --tls expired", output: dir.appendingPathComponent("sim-tls.out").path)
        let ws = url.replacingOccurrences(of: "http://", with: "ws://")
        var yaml = "environment: faults\ndefaults: { interval: 2s, timeout: 3s }\nservices:\n"
        yaml += "  - { id: healthy, name: auth-healthy, check: { type: http, url: \"\(url)/auth/health\", interval: 1s } }\n"
        yaml += "  - { id: f-expired-certificate, name: fault-expired-certificate, check: { type: http, url: \"\(tlsURL)/auth/health\" } }\n"
        for (fault, path) in Self.faults {
            if fault == "huge-frame" {
                yaml += "  - { id: f-\(fault), name: fault-\(fault), check: { type: websocket, url: \"\(ws)\(path)\", expect_events: [agent_started] } }\n"
            } else {
                yaml += "  - { id: f-\(fault), name: fault-\(fault), check: { type: http, url: \"\(url)\(path)\" } }\n"
            }
        }
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)

        let titleBefore = try tmux.run(["display-message", "-p", "-t", tmux.session, "#{pane_title}"]).output
        try tmux.run(["pipe-pane", "-o", "-t", tmux.session, "cat >> \(raw)"])
        try tmux.type("\(bin) run --config \(config) --store \(dir.appendingPathComponent("h.sqlite").path); echo EXIT=$?", enter: true)

        /// The services table's row for `name` (selected or not).
        func row(_ screen: String, _ name: String) -> Substring? {
            screen.split(separator: "\n").first { $0.hasPrefix(" \(name) ") || $0.hasPrefix("▶\(name) ") }
        }
        let allIn = try tmux.waitFor(timeout: 30) { screen in
            (Self.faults.map(\.fault) + ["expired-certificate"]).allSatisfy { row(screen, "fault-\($0)")?.contains("FAIL") == true }
                && row(screen, "auth-healthy")?.contains("OK") == true
        }
        #expect(allIn.ok, "not every fault showed as failing beside a healthy row:\n\(allIn.screen)")
        let screen = allIn.screen
        #expect(row(screen, "fault-reset")?.contains("connection reset by peer") == true, "\(screen)")
        #expect(row(screen, "fault-unhealthy-200")?.contains("body says status \"unhealthy\"") == true, "\(screen)")
        #expect(row(screen, "fault-huge-frame")?.contains("frame over the 1.0 MB limit") == true, "\(screen)")
        #expect(row(screen, "fault-expired-certificate")?.contains("TLS certificate expired 2 d ago") == true, "\(screen)")

        // Keys answer while checks hang and trickle.
        for _ in 0..<3 {
            try tmux.press("?")
            #expect(try tmux.waitFor(timeout: 2) { $0.contains(" Keys") }.ok, "help did not open within 2 s")
            try tmux.press("Escape")
            #expect(try tmux.waitFor(timeout: 2) { !$0.contains(" Keys") }.ok, "help did not close within 2 s")
            Thread.sleep(forTimeInterval: 1)
        }
        let pid = try #require(Int32(try Shell.run("/usr/bin/env", ["pgrep", "-n", "-f", "run --config \(config)"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)), "no console process")
        let rss = try #require(ResidentMemory.megabytes(pid: pid))
        #expect(rss < 150, "the console holds \(rss) MB while every fault plays")

        try tmux.press("q")
        #expect(try tmux.waitFor(timeout: 10) { $0.contains("EXIT=0") }.ok, "no clean exit")
        try tmux.run(["pipe-pane", "-t", tmux.session])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: raw))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("fault-escapes"), "the raw capture holds the console's output")
        // What the server sent, as escape sequences (the same text shown as printable body
        // excerpts, such as `\u001b]52`, is harmless).
        for marker in ["\u{1B}]52", "\u{1B}]0;", "\u{1B}[5;5H\u{1B}[10A", "\u{9B}6n"] {
            #expect(!text.contains(marker), "\(marker.debugDescription) reached the terminal")
        }
        let titleAfter = try tmux.run(["display-message", "-p", "-t", tmux.session, "#{pane_title}"]).output
        #expect(titleAfter == titleBefore, "the pane title changed from \(titleBefore) to \(titleAfter)")
    }
}
