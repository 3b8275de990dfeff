import Foundation
import Testing
import TestSupport
@testable import Monitoring

/// The WebSocket probe against scripted servers on loopback.
@Suite struct WebSocketProbeTests {
    static let events = ["agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed"]

    static func message(_ type: String) -> String { #"{"type":"\#(type)","content":"…"}"# }

    func probe(_ url: String, headers: [HTTPCheckSpec.Header] = [], send: String? = nil, expect: [String] = WebSocketProbeTests.events,
               substitutions: [String: String] = [:]) -> WebSocketProbe {
        WebSocketProbe(spec: WebSocketCheckSpec(url: url, headers: headers, send: send, expectEvents: expect), latency: .none, substitutions: substitutions)
    }

    @Test func fiveEventsInOrderPass() async throws {
        // Extra messages in between (a heartbeat, a non-JSON line) are ignored.
        var messages = WebSocketProbeTests.events.map(WebSocketProbeTests.message)
        messages.insert(#"{"type":"heartbeat"}"#, at: 2)
        messages.insert("not json", at: 4)
        let server = try WebSocketTestServer(.init(messages: messages, waitForMessage: true))
        defer { server.stop() }
        let hello = #"{"type":"chat","message":"hello"}"#
        let o = await probe(server.url, send: hello).run(timeout: Seconds(5))
        #expect(o.status == .ok, "\(o.reason)")
        #expect(o.reason.hasPrefix("5 events in "))
        #expect(o.code == 101)
        #expect(o.latency != nil)
        #expect(server.receivedMessages == [hello])
    }

    @Test func missingEventTimesOutNamingIt() async throws {
        let sent = ["agent_started", "agent_thinking", "tool_executing"].map(WebSocketProbeTests.message)
        let server = try WebSocketTestServer(.init(messages: sent))
        defer { server.stop() }
        let o = await probe(server.url).run(timeout: Seconds(1))
        #expect(o.status == .fail)
        #expect(o.reason == "missing event tool_completed (got agent_started, agent_thinking, tool_executing) after 1.0 s")
        #expect(o.detail?.contains("last message: {\"type\":\"tool_executing\"") == true)
    }

    @Test func eventsOutOfOrderDoNotCount() async throws {
        let sent = ["agent_thinking", "agent_started"].map(WebSocketProbeTests.message)
        let server = try WebSocketTestServer(.init(messages: sent))
        defer { server.stop() }
        let o = await probe(server.url, expect: ["agent_started", "agent_thinking"]).run(timeout: Seconds(1))
        #expect(o.reason == "missing event agent_thinking (got agent_thinking, agent_started) after 1.0 s")
    }

    @Test func serverClosingEarlyNamesTheLastEventAndCode() async throws {
        let sent = ["agent_started", "agent_thinking"].map(WebSocketProbeTests.message)
        let server = try WebSocketTestServer(.init(messages: sent, close: (1011, "backend offline")))
        defer { server.stop() }
        let start = ContinuousClock.now
        let o = await probe(server.url).run(timeout: Seconds(5))
        #expect(o.status == .fail)
        #expect(o.reason == "connection closed after agent_thinking (code 1011) · backend offline")
        #expect(o.code == 1011)
        #expect(ContinuousClock.now - start < .seconds(3), "a close must end the check at once")
    }

    @Test func upgradeThatNeverCompletesTimesOutWithinTenPercent() async throws {
        let server = try HangingServer()
        defer { server.stop() }
        let start = ContinuousClock.now
        let o = await probe("ws://127.0.0.1:\(server.port)/ws").run(timeout: Seconds(1.5))
        let elapsed = (ContinuousClock.now - start).seconds
        #expect(o.status == .fail)
        #expect(o.reason == "timed out after 1.5 s")
        #expect(elapsed >= 1.5 && elapsed <= 1.65, "took \(elapsed) s")
    }

    @Test func refusedUpgradeReportsTheHTTPStatus() async throws {
        let server = try WebSocketTestServer(.init(requiredAuthorization: "Bearer right"))
        defer { server.stop() }
        let o = await probe(server.url, headers: [.init(name: "Authorization", value: "Bearer wrong")]).run(timeout: Seconds(5))
        #expect(o.status == .fail)
        #expect(o.reason == "upgrade rejected: HTTP 401 · refused by the test server")
        #expect(o.code == 401)
        let unavailable = try WebSocketTestServer(.init(refuseStatus: 503))
        defer { unavailable.stop() }
        let u = await probe(unavailable.url).run(timeout: Seconds(5))
        #expect(u.reason.hasPrefix("upgrade rejected: HTTP 503"))
    }

    @Test func tokenIsSubstitutedIntoHeaderURLAndMessage() async throws {
        let server = try WebSocketTestServer(.init(messages: [WebSocketProbeTests.message("agent_started")], waitForMessage: true,
                                                   requiredAuthorization: "Bearer tok-123"))
        defer { server.stop() }
        let p = probe(server.url + "?session=${token}", headers: [.init(name: "Authorization", value: "Bearer ${token}")],
                      send: #"{"type":"chat","token":"${token}"}"#, expect: ["agent_started"], substitutions: ["token": "tok-123"])
        let o = await p.run(timeout: Seconds(5))
        #expect(o.status == .ok, "\(o.reason)")
        #expect(o.reason.hasPrefix("1 event in "))
        #expect(server.headerValues("Authorization") == ["Bearer tok-123"])
        #expect(server.receivedMessages == [#"{"type":"chat","token":"tok-123"}"#])
    }

    @Test func openSocketPassesWhenNothingIsExpected() async throws {
        let server = try WebSocketTestServer(.init())
        defer { server.stop() }
        let o = await probe(server.url, expect: []).run(timeout: Seconds(5))
        #expect(o.status == .ok)
        #expect(o.reason.hasPrefix("connected in "))
    }

    @Test func tlsToAPlainServerFailsAsTLS() async throws {
        let server = try WebSocketTestServer(.init())
        defer { server.stop() }
        let o = await probe("wss://127.0.0.1:\(server.port)/ws", expect: []).run(timeout: Seconds(5))
        #expect(o.status == .fail)
        #expect(o.reason == "TLS handshake failed: wrong version number")
    }

    @Test func refusedPort() async throws {
        let port = try LoopbackServers.refusedPort()
        let o = await probe("ws://127.0.0.1:\(port)/ws").run(timeout: Seconds(5))
        #expect(o.reason == "connect refused")
    }

    @Test func cancellationStopsPromptly() async throws {
        let server = try HangingServer()
        defer { server.stop() }
        let start = ContinuousClock.now
        let task = Task { await probe("ws://127.0.0.1:\(server.port)/ws").run(timeout: Seconds(30)) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        _ = await task.value
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func escapeSequencesInMessagesAreStripped() async throws {
        let server = try WebSocketTestServer(.init(messages: [#"{"type":"agent_started","x":"\u001b]0;pwned\u0007"}"#],
                                                   close: (1011, "\u{1B}[2Jboom\u{1B}]52;c;aGk=\u{07}")))
        defer { server.stop() }
        let o = await probe(server.url).run(timeout: Seconds(5))
        #expect(o.reason == "connection closed after agent_started (code 1011) · boom")
        for text in [o.reason, o.detail ?? ""] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        }
    }

    @Test(arguments: [
        ("url: http://x/ws", "services[0].check.url", "expected a ws:// or wss:// URL"),
        ("url: ws://x/ws\n      event_field: 'a..b'", "services[0].check.event_field", "is not a JSON field"),
        ("url: ws://x/ws\n      expect_events: [a, '']", "services[0].check.expect_events[1]", "must not be empty"),
        ("url: ws://x/ws\n      expect_event: [a]", "services[0].check.expect_event", "did you mean 'expect_events'"),
    ])
    func configErrorsNameTheKey(_ body: String, _ key: String, _ message: String) throws {
        let text = "environment: e\nservices:\n  - id: a\n    check:\n      type: websocket\n      \(body)\n"
        do {
            _ = try WarroomConfig.parse(text, file: "w.yaml", environment: [:])
            Issue.record("expected an error for \(body)")
        } catch let e as ConfigErrors {
            #expect(e.errors.first?.key == key, "\(e)")
            #expect(e.errors.first?.message.contains(message) == true, "\(e)")
        }
    }

    @Test func configReadsEveryKey() throws {
        let text = """
        environment: e
        services:
          - id: chat
            check:
              type: websocket
              url: wss://staging.example.com/ws/chat
              headers: { Authorization: "Bearer ${TOKEN}" }
              send: '{"type":"chat","message":"hello"}'
              expect_events: [agent_started, agent_completed]
              event_field: event.name
        """
        let c = try WarroomConfig.parse(text, file: "w.yaml", environment: ["TOKEN": "t0ken"])
        guard case .websocket(let w) = c.services[0].check.probe else { Issue.record("not websocket"); return }
        #expect(w.headers == [.init(name: "Authorization", value: "Bearer t0ken")])
        #expect(w.send == #"{"type":"chat","message":"hello"}"#)
        #expect(w.expectEvents == ["agent_started", "agent_completed"])
        #expect(w.eventField == JSONPath("event.name"))
        #expect(c.services[0].check.target == "wss://staging.example.com/ws/chat")
    }
}
