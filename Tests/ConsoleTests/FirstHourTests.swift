import Foundation
import Monitoring
import Testing
import TUI
@testable import Console

/// What got in the way of a new user's first hour, each as it was seen, at 80×24 and 120×40.
@Suite struct FirstHourTests {
    func frame(_ s: AppState, _ w: Int = 120, _ h: Int = 40, glyphs: GlyphSet = .unicode) -> String {
        ConsoleView.render(s, theme: .builtinDefault, size: Size(width: w, height: h), glyphs: glyphs).text
    }

    func lines(_ s: AppState, _ w: Int, _ h: Int) -> [String] {
        frame(s, w, h).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// After the path passes, a banner waiting out `clear_after` still counted `down 44s`
    /// upwards and still said `User login fails`; an acknowledged one never said recovering.
    @Test func aRecoveringBannerSaysSoAndStopsCounting() throws {
        var s = Fixtures.outageState()
        _ = Update.update(&s, .key(.char("a")))
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.passingWalk(at: 120))))
        _ = Update.update(&s, .tick(Fixtures.start.addingTimeInterval(125)))
        let banner = try #require(s.banners.first { $0.rule.id == "chat-offline" })
        #expect(!banner.holding && banner.isAcknowledged)
        let first = banner.line(now: s.now, redactor: s.redactor)
        #expect(first.contains("recovering") && !first.contains("User login fails"), "\(first)")
        _ = Update.update(&s, .tick(Fixtures.start.addingTimeInterval(150)))
        let later = try #require(s.banners.first { $0.rule.id == "chat-offline" })
        #expect(later.line(now: s.now, redactor: s.redactor) == first, "the duration stopped when the impact did")
        for (w, h) in [(120, 40), (80, 24)] {
            let top = lines(s, w, h).prefix(4).joined(separator: "\n")
            #expect(top.contains("recovering") && top.contains("acked by operator"), "\(top)")
        }
        let wide = lines(s, 120, 40)[1]
        #expect(wide.contains("P0 · Chat offline · recovering · lasted") && wide.contains("acked by operator"), "\(wide)")
    }

    /// At 80×24 banners lost their end with no ellipsis (`· down 1m32`, `7 restart`) and `a ack`.
    @Test func aBannerCutAt80ColumnsKeepsSeverityTitleAndDuration() {
        let s = Fixtures.outageState()
        let rows = lines(s, 80, 24)
        #expect(rows[1].hasPrefix(" P0 · Chat offline · "), "\(rows[1])")
        #expect(rows[1].contains("…") && rows[1].contains("25s") && rows[1].contains("a ack"), "\(rows[1])")
        #expect(rows[2].hasPrefix(" P1 · Backend crash-looping · ") && rows[2].contains("…"), "\(rows[2])")
        // Wide enough, the text is whole and the duration stays where the rule put it.
        let wide = lines(s, 160, 40)
        #expect(wide[1].contains("User login fails · down 25s") && !wide[1].contains("…"), "\(wide[1])")
    }

    /// Messages overwrote key hints mid-word (`? he every banner is acknowledged`).
    @Test(arguments: [(120, 40), (80, 24), (60, 20)])
    func aMessageNeverOverwritesAHint(_ w: Int, _ h: Int) {
        var s = Fixtures.outageState()
        s.flash = AppState.Flash(text: "every banner is acknowledged, and this message is long enough to need the whole line", until: s.now.addingTimeInterval(5))
        let footer = lines(s, w, h)[h - 1]
        let known = ["↑↓ select", "⏎ details", "a ack", "t timeline", "R report", "r re-poll", "? help", "q quit"]
        // What is left of the message's text stands apart from the last hint kept, and every
        // hint shown is whole.
        #expect(footer.contains("? help") && footer.contains("q quit"), "\(footer)")
        #expect(!footer.contains("? he ") && !footer.contains("q qu "), "\(footer)")
        let hintsPart = footer.components(separatedBy: " every banner").first ?? footer
        for word in hintsPart.split(separator: " ").map(String.init) where !word.isEmpty {
            #expect(known.contains { $0.split(separator: " ").contains(Substring(word)) }, "'\(word)' is not part of a whole hint: \(footer)")
        }
        #expect(footer.contains("every banner is acknowledged"), "\(footer)")
    }

    /// A read-only console looked like any other until `x` was pressed.
    @Test func readOnlyAndWallSayWhatTheyAreFromTheFirstFrame() {
        var s = Fixtures.outageState()
        s.readOnly = true
        for (w, h) in [(120, 40), (80, 24), (60, 20)] {
            #expect(lines(s, w, h)[0].contains("read-only"), "\(lines(s, w, h)[0])")
        }
        s.wall = WallState(rotateEvery: 0, now: s.now)
        #expect(lines(s, 120, 40)[0].contains("· wall"), "\(lines(s, 120, 40)[0])")
    }

    /// `--read-only` still acknowledged (and saved it) and wrote reports.
    @Test func readOnlyChangesNothingShared() {
        var s = Fixtures.outageState()
        s.readOnly = true
        #expect(Update.update(&s, .key(.char("a"))).isEmpty)
        #expect(s.banners.allSatisfy { !$0.isAcknowledged })
        #expect(s.flash?.text.contains("read-only") == true)
        #expect(Update.update(&s, .key(.char("R"))).isEmpty)
        #expect(s.flash?.text.contains("read-only") == true)
        let text = frame(s)
        #expect(!text.contains("a ack") && !text.contains("R report"), "\(text)")
    }

    /// `snapshot` printed 15:09:27, 15:09:24, 15:09:27, 15:09:24 under "newest first".
    @Test func theTimelineIsNewestFirstWhateverOrderEventsCameIn() {
        var s = AppState(config: Fixtures.config, now: Fixtures.start)
        _ = Update.update(&s, Fixtures.result("auth", .fail, ms: 5, code: 503, reason: "HTTP 503", at: 30))
        _ = Update.update(&s, .monitor(.goldenPath(Fixtures.failingWalk(at: 10))))
        _ = Update.update(&s, Fixtures.result("backend", .fail, ms: 5, code: 503, reason: "HTTP 503", at: 20))
        _ = Update.update(&s, Fixtures.result("frontend", .fail, ms: 5, code: 503, reason: "HTTP 503", at: 40))
        let times = s.timeline.map(\.at)
        #expect(times == times.sorted(), "\(times)")
        let shown = TimelinePanel(state: s, theme: .builtinDefault, glyphs: .unicode).lines(width: 100).map(\.plainText)
        let stamps = shown.map { String($0.prefix(8)) }
        #expect(stamps == stamps.sorted(by: >), "\(stamps)")
    }

    /// The report said "failing for 2s" of a golden path failing for minutes.
    @Test func aRestoredTimelineKeepsHowLongTheGoldenPathHasFailed() throws {
        let broke = Fixtures.start.addingTimeInterval(-600)
        let event = TimelineEvent(at: broke, kind: .goldenPathBroken, subject: "golden-path", sentence: "Golden path broken at User login: HTTP 503")
        let restored = RestoredHistory(histories: [:], timeline: [event], banners: [])
        var s = AppState(config: Fixtures.config, now: Fixtures.start, restored: restored)
        let events = Update.update(&s, .monitor(.goldenPath(Fixtures.failingWalk(at: 5))))
        #expect(s.goldenPath?.since == broke)
        #expect(events.isEmpty, "the break is the one already in the timeline: \(events)")
        _ = Update.update(&s, .tick(Fixtures.start.addingTimeInterval(5)))
        let path = try #require(s.goldenPath)
        #expect(GoldenPathPanel(path: path, state: s, theme: .builtinDefault, glyphs: .unicode).summary.hasPrefix("failing for 10m"))
        #expect(s.banners.first?.record.raisedAt == broke)
    }

    /// The y/n and typed-phrase prompts cut `--expect-status 200` off at 120 and at 80 columns.
    @Test(arguments: [(120, 40), (80, 24), (60, 20)])
    func aConfirmationShowsTheWholeCommand(_ w: Int, _ h: Int) throws {
        let yaml = Fixtures.yaml + """

        runbooks:
          - id: fix
            title: Fix staging
            steps:
              - id: heal
                title: Heal the backend
                run: [warroom, http, POST, "http://127.0.0.1:43117/admin/scenario?mode=healthy&reason=operator-request", --expect-status, "200", --wait-for, "60"]
                safety: confirm
              - id: wipe
                title: Wipe the cache
                run: [warroom, http, DELETE, "http://127.0.0.1:43117/admin/cache?scope=everything&confirm=yes", --expect-status, "204"]
                safety: dangerous
        """
        var s = Fixtures.outageState()
        s.runbooks = try WarroomConfig.parse(yaml, file: "staging.yaml", environment: [:]).runbooks
        for (step, keys) in [("heal", [Key.enter]), ("wipe", [Key.down, Key.enter])] {
            var t = s
            _ = Update.update(&t, .key(.char("x")))
            _ = Update.update(&t, .key(.enter))
            for k in keys { _ = Update.update(&t, .key(k)) }
            #expect(t.runbookMenu.prompt != nil, "\(step): no prompt")
            var seen = frame(t, w, h)
            // Whatever the window does not show, it says so; scrolling brings the rest.
            for _ in 0..<10 where !seen.replacingOccurrences(of: "\n", with: " ").contains(step == "heal" ? "--wait-for 60" : "--expect-status 204") {
                #expect(seen.contains("more lines of the command below") || seen.contains("more line of the command below"), "\(step) at \(w)x\(h): cut without saying so:\n\(seen)")
                _ = Update.update(&t, .key(.down))
                seen = frame(t, w, h)
            }
            // The box's text, its borders and the screen behind it taken out.
            let box = seen.split(separator: "\n").compactMap { row -> String? in
                guard let open = row.firstIndex(of: "│"), let close = row.lastIndex(of: "│"), open < close else { return nil }
                return row[row.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            }
            let flat = box.joined(separator: " ")
            #expect(flat.contains(step == "heal" ? "--expect-status 200 --wait-for 60" : "--expect-status 204"), "\(step) at \(w)x\(h):\n\(seen)")
            #expect(t.runbookMenu.prompt != nil, "scrolling does not answer the question")
        }
    }

    /// `?` said WARN is "slower than the warn threshold"; a body that says degraded warns too.
    @Test func helpSaysEveryWayACheckWarnsOrFails() {
        var s = Fixtures.outageState()
        _ = Update.update(&s, .key(.char("?")))
        var text = frame(s, 120, 40)
        for _ in 0..<20 where !text.contains("expired certificate") {
            _ = Update.update(&s, .key(.down))
            text = frame(s, 80, 24)
        }
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        for words in ["degraded or warning", "latency.warn", "expiry_warning", "unexpected status or exit code", "says unhealthy", "expired certificate"] {
            #expect(flat.replacingOccurrences(of: "  ", with: " ").contains(words) || text.contains(words), "help lacks '\(words)':\n\(text)")
        }
        #expect(s.screen == .help, "scrolling keeps the help open")
    }

    /// `check --format json` left out `code` and `latency_ms` of a check that timed out, and
    /// `acknowledged_by` of an unacknowledged banner; banners had no rule id.
    @Test func theJSONHoldsEveryDocumentedKey() throws {
        var s = Fixtures.outageState()
        _ = Update.update(&s, Fixtures.result("db", .fail, ms: nil, reason: "timed out after 10.0 s", at: 119))
        let json = try CheckReport(state: s).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let services = try #require(object["services"] as? [[String: Any]])
        let db = try #require(services.first { $0["id"] as? String == "db" })
        #expect(db.keys.sorted() == ["code", "id", "latency_ms", "name", "reason", "status", "target"])
        #expect(db["code"] is NSNull && db["latency_ms"] is NSNull)
        let banners = try #require(object["banners"] as? [[String: Any]])
        #expect(banners.map { $0["rule"] as? String } == ["chat-offline", "backend-crashloop"])
        #expect(banners.allSatisfy { $0["acknowledged_by"] is NSNull && $0["acknowledged_at"] is NSNull && $0["holding"] as? Bool == true })
        #expect(object.keys.sorted() == ["banners", "checked_at", "environment", "golden_path", "phases", "services", "status"])
        var without = AppState(config: try WarroomConfig.parse("environment: e\nservices: [ { id: a, check: {type: tcp, host: h, port: 1} } ]\n", file: "e.yaml", environment: [:]), now: Fixtures.start)
        _ = Update.update(&without, .tick(Fixtures.start))
        let bare = try #require(try JSONSerialization.jsonObject(with: Data(CheckReport(state: without).json().utf8)) as? [String: Any])
        #expect(bare["golden_path"] is NSNull)
    }

    /// A golden-path step without a name printed `.` in `check` text output.
    @Test func stepsAreNamedWholeInCheckText() {
        var s = AppState(config: try! WarroomConfig.parse("""
        environment: e
        services: [ { id: a, check: {type: tcp, host: h, port: 1} } ]
        golden_path:
          steps:
            - { id: login-through-the-gateway, check: { type: http, url: "http://h/login" } }
        """, file: "e.yaml", environment: [:]), now: Fixtures.start)
        let t = Fixtures.start
        _ = Update.update(&s, .monitor(.goldenPath(GoldenPathRun(startedAt: t, finishedAt: t, steps: [
            GoldenPathStepResult(id: "login-through-the-gateway", name: "login-through-the-gateway", status: .fail, code: 503, reason: "HTTP 503 in 3 ms"),
        ]))))
        for glyphs in [GlyphSet.unicode, .ascii] {
            let text = CheckReport(state: s).text(glyphs: glyphs)
            #expect(text.contains("login-through-the-gateway  -        HTTP 503 in 3 ms"), "\(text)")
        }
    }
}
