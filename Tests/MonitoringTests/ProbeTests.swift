import Foundation
import NIOCore
import NIOHTTP1
import Testing
import TestSupport
@testable import Monitoring

/// Probes against real sockets on loopback.
@Suite(.serialized) struct ProbeTests {
    /// One client for the whole suite; it lives as long as the test process.
    static let sharedFactory = ProbeFactory()
    var factory: ProbeFactory { ProbeTests.sharedFactory }

    func http(_ url: String, expect: StatusSet = .success, json: [JSONCondition] = [], latency: LatencyThresholds = .none) -> any Probe {
        factory.probe(for: CheckSpec(probe: .http(HTTPCheckSpec(url: url, expectedStatus: expect, jsonConditions: json)), latency: latency))
    }

    @Test func ok200() async throws {
        let server = try CannedHTTPServer(body: #"{"status":"healthy"}"#)
        defer { server.stop() }
        let o = await http(server.url, json: [JSONCondition(path: JSONPath("status")!, test: .equals(.string("healthy")))]).run(timeout: Seconds(5))
        #expect(o.status == .ok)
        #expect(o.code == 200)
        #expect(o.reason.hasPrefix("HTTP 200 in "))
        #expect(o.latency != nil)
    }

    @Test func fail503ShowsTheBodysReason() async throws {
        let server = try CannedHTTPServer(status: 503, body: #"{"status":"unhealthy","detail":"Database initialization timeout after 20.0s"}"#)
        defer { server.stop() }
        let o = await http(server.url).run(timeout: Seconds(5))
        #expect(o.status == .fail)
        #expect(o.code == 503)
        #expect(o.reason.hasPrefix("HTTP 503 in "))
        #expect(o.reason.hasSuffix("· Database initialization timeout after 20.0s"))
    }

    @Test func twoHundredWithUnhealthyBodyFails() async throws {
        let server = try CannedHTTPServer(body: #"{"status":"unhealthy"}"#)
        defer { server.stop() }
        let o = await http(server.url, json: [JSONCondition(path: JSONPath("status")!, test: .equals(.string("healthy")))]).run(timeout: Seconds(5))
        #expect(o.status == .fail)
        #expect(o.reason == #"HTTP 200 but status is "unhealthy" (want "healthy")"#)
    }

    @Test func nonJSONBodyWhenJSONExpected() async throws {
        let server = try CannedHTTPServer(headers: ["Content-Type": "text/html"], body: "<html>Bad gateway</html>")
        defer { server.stop() }
        let o = await http(server.url, json: [JSONCondition(path: JSONPath("status")!, test: .exists(true))]).run(timeout: Seconds(5))
        #expect(o.status == .fail)
        #expect(o.reason == "HTTP 200 but body is not JSON (starts with '<html>Bad gateway</h')")
    }

    /// A check remembers its last answer's judgement; the timing is judged every time, and a
    /// change in status, headers or body is judged afresh.
    @Test func aChangedAnswerIsJudgedAfresh() throws {
        let spec = CheckSpec(probe: .http(HTTPCheckSpec(url: "http://127.0.0.1:1/")), latency: LatencyThresholds(warn: Seconds(0.5), critical: nil))
        let probe = try #require(factory.probe(for: spec) as? HTTPProbe)
        var json = HTTPHeaders()
        json.add(name: "Content-Type", value: "application/json")
        var text = HTTPHeaders()
        text.add(name: "Content-Type", value: "text/plain")
        let healthy = Data(#"{"status":"healthy"}"#.utf8), unhealthy = Data(#"{"status":"down"}"#.utf8)
        let fast = Duration.milliseconds(10), slow = Duration.milliseconds(700)

        let first = probe.judge(code: 200, body: healthy, head: ResponseHead(json), elapsed: fast)
        #expect(first.status == .ok && first.reason == "HTTP 200 in 10 ms")
        let slower = probe.judge(code: 200, body: healthy, head: ResponseHead(json), elapsed: slow)
        #expect(slower.status == .warn && slower.reason == "HTTP 200 in 700 ms (slow: over 500ms)")
        let down = probe.judge(code: 200, body: unhealthy, head: ResponseHead(json), elapsed: fast)
        #expect(down.status == .fail && down.reason == #"HTTP 200 but body says status "down""#)
        let unavailable = probe.judge(code: 503, body: unhealthy, head: ResponseHead(json), elapsed: slow)
        #expect(unavailable.status == .fail && unavailable.reason == "HTTP 503 in 700 ms · status down")
        #expect(probe.judge(code: 200, body: healthy, head: ResponseHead(json), elapsed: fast).status == .ok)

        // The same bytes read differently under another content type.
        let latin1 = Data([0x63, 0x61, 0x66, 0xE9])
        #expect(probe.judge(code: 200, body: latin1, head: ResponseHead(), elapsed: fast).status == .ok)
        let mislabelled = probe.judge(code: 200, body: latin1, head: ResponseHead(text), elapsed: fast)
        #expect(mislabelled.reason == "HTTP 200 but body is not valid UTF-8 (byte 0xE9 at offset 3)")
    }

    @Test func refusedPort() async throws {
        let port = try LoopbackServers.refusedPort()
        let start = Date()
        let o = await http("http://127.0.0.1:\(port)/health").run(timeout: Seconds(5))
        #expect(o.status == .fail)
        #expect(o.reason == "connect refused")
        #expect(Date().timeIntervalSince(start) < 2)
        let t = await factory.probe(for: CheckSpec(probe: .tcp(TCPCheckSpec(host: "127.0.0.1", port: port)))).run(timeout: Seconds(5))
        #expect(t.reason == "connect refused")
    }

    @Test func hungServerTimesOutWithinTenPercent() async throws {
        let server = try HangingServer()
        defer { server.stop() }
        let start = ContinuousClock.now
        let o = await http("http://127.0.0.1:\(server.port)/health").run(timeout: Seconds(1.5))
        let elapsed = (ContinuousClock.now - start).seconds
        #expect(o.status == .fail)
        #expect(o.reason == "timed out after 1.5 s")
        #expect(elapsed >= 1.5 && elapsed <= 1.65, "took \(elapsed) s")
    }

    @Test func slowEndpointIsWarnThenFail() async throws {
        let server = try CannedHTTPServer(body: "{}", delay: .milliseconds(600))
        defer { server.stop() }
        let warn = await http(server.url, latency: LatencyThresholds(warn: Seconds(0.3), critical: Seconds(5))).run(timeout: Seconds(5))
        #expect(warn.status == .warn)
        #expect(warn.reason.hasSuffix("(slow: over 300ms)"))
        let fail = await http(server.url, latency: LatencyThresholds(warn: Seconds(0.1), critical: Seconds(0.3))).run(timeout: Seconds(5))
        #expect(fail.status == .fail)
    }

    @Test func escapeSequencesInBodyAreStripped() async throws {
        // JSON escapes decode to real ESC and BEL characters inside the detail string.
        let nasty = #"{"status":"down","detail":"\u001b]0;pwned\u0007\u001b[2Jboom\u001b]52;c;aGk=\u0007"}"#
        let server = try CannedHTTPServer(status: 500, body: nasty)
        defer { server.stop() }
        let o = await http(server.url).run(timeout: Seconds(5))
        #expect(o.reason.hasSuffix("· boom"))
        #expect(!o.reason.contains("pwned") && !o.reason.contains("]52"))
        for text in [o.reason, o.detail ?? ""] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        }
        // Raw escapes (not valid JSON) are stripped from the body excerpt too.
        let raw = try CannedHTTPServer(status: 500, headers: ["Content-Type": "text/plain"], body: "\u{1B}]0;title\u{07}\u{1B}[2Jplain\u{1B}[31m text")
        defer { raw.stop() }
        let r = await http(raw.url).run(timeout: Seconds(5))
        #expect(r.detail == "plain text")
    }

    @Test func tcpConnects() async throws {
        let server = try HangingServer()
        defer { server.stop() }
        let o = await factory.probe(for: CheckSpec(probe: .tcp(TCPCheckSpec(host: "127.0.0.1", port: server.port)))).run(timeout: Seconds(2))
        #expect(o.status == .ok)
        #expect(o.reason.hasPrefix("connected in "))
    }

    @Test func unresolvableHost() async throws {
        let o = await http("http://no-such-host.invalid/health").run(timeout: Seconds(5))
        #expect(o.status == .fail)
        #expect(o.reason.hasPrefix("cannot resolve host") || o.reason == "timed out after 5.0 s")
    }

    /// A 503 whose body says `DOWN` and which check failed read only `HTTP 503 in 5 ms`.
    @Test(arguments: [
        (503, #"{"status":"DOWN","checks":{"db":"timeout"}}"#, "HTTP 503 in 5 ms · status DOWN · db: timeout"),
        (503, #"{"status":"DOWN","components":{"db":{"status":"DOWN","details":{"error":"connection refused"}},"disk":{"status":"UP"}}}"#,
         "HTTP 503 in 5 ms · status DOWN · db: DOWN (connection refused)"),
        (500, #"{"error":"Agent service unavailable"}"#, "HTTP 500 in 5 ms · Agent service unavailable"),
        (503, #"{"status":"fail","checks":[{"name":"a","status":"fail"},{"name":"b","status":"fail"},{"name":"c","status":"fail"},{"name":"d","status":"fail"}]}"#,
         "HTTP 503 in 5 ms · status fail · a: fail, b: fail, c: fail +1 more"),
        (200, #"{"status":"ok","checks":{"db":"ok","cache":"timeout"}}"#, "HTTP 200 in 5 ms · cache: timeout"),
        (200, #"{"status":"ok","message":"all good"}"#, "HTTP 200 in 5 ms"),
    ])
    func theReasonSaysWhatTheBodySays(_ code: Int, _ body: String, _ reason: String) {
        let spec = CheckSpec(probe: .http(HTTPCheckSpec(url: "http://127.0.0.1:9/health")))
        guard let probe = factory.probe(for: spec) as? HTTPProbe else { Issue.record("not an HTTP probe"); return }
        var json = HTTPHeaders()
        json.add(name: "Content-Type", value: "application/json")
        let o = probe.judge(code: code, body: Data(body.utf8), head: ResponseHead(json), elapsed: .milliseconds(5))
        #expect(o.reason == reason)
    }
}
