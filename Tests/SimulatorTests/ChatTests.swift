import Foundation
import HummingbirdWSClient
import Simulator
import Testing

@Suite("Golden path: login and the chat socket")
struct ChatTests {
    private static let chatMessage = #"{"type":"chat","message":"Why is staging down?"}"#

    @Test("login, then a chat message streams the five agent events in order")
    func goldenPath() async throws {
        try await withStaging(.healthy, clock: ManualClock()) { _, client in
            let login = try await client.post("/auth/login", json: #"{"username":"oncall","password":"hunter2"}"#)
            #expect(login.status == 200)
            #expect(login.json["user"].string == "oncall")
            let token = try #require(login.json["token"].string)
            #expect(token.count == 32 && token.allSatisfy(\.isHexDigit))

            let session = try await client.chat(bearer: token, send: [Self.chatMessage], expecting: 5)
            let events = session.messages.map(JSONBody.init(text:))
            #expect(events.map { $0["type"].string } == ["agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed"])
            let runID = try #require(events.first?["run_id"].string)
            #expect(events.allSatisfy { $0["run_id"].string == runID })
            #expect(events[2]["tool"].string == "search")
            #expect(events[3]["tool"].string == "search")
            #expect(events[4]["text"].string?.isEmpty == false)
        }
    }

    @Test("the token is also accepted as ?token=")
    func tokenInQuery() async throws {
        try await withStaging(.healthy, clock: ManualClock()) { _, client in
            let token = try #require(try await client.login())
            let session = try await client.chat(query: "?token=\(token)", send: [Self.chatMessage], expecting: 5)
            #expect(session.messages.count == 5)
        }
    }

    @Test("without a token, or with an unknown one, the socket is refused (policy violation; 401 over plain HTTP)")
    func refusedWithoutToken() async throws {
        try await withStaging(.healthy, clock: ManualClock()) { _, client in
            let missing = try await client.chat()
            #expect(missing.close?.closeCode == .policyViolation)
            #expect(missing.messages.isEmpty)

            let unknown = try await client.chat(bearer: "0123456789abcdef0123456789abcdef")
            #expect(unknown.close?.closeCode == .policyViolation)
            #expect(unknown.close?.reason?.contains("token") == true)

            #expect(try await client.get("/ws/chat").status == 401)
        }
    }

    @Test("outage: login 503 (backend offline), socket refused as offline (503 over plain HTTP)")
    func blockedDuringOutage() async throws {
        try await withStaging(.outage, clock: ManualClock()) { _, client in
            let login = try await client.post("/auth/login", json: #"{"username":"oncall","password":"hunter2"}"#)
            #expect(login.status == 503)
            #expect(login.json["detail"].string == "Login unavailable: backend offline")

            let session = try await client.chat(query: "?token=anything")
            #expect(session.close?.closeCode == .unexpectedServerError)
            #expect(session.close?.reason == "Chat unavailable: backend offline")
            #expect(try await client.get("/ws/chat").status == 503)
        }
    }

    @Test("login without credentials is a 400")
    func loginNeedsCredentials() async throws {
        try await withStaging(.healthy, clock: ManualClock()) { _, client async throws in
            #expect(try await client.post("/auth/login", json: #"{"username":"","password":"x"}"#).status == 400)
            #expect(try await client.post("/auth/login").status == 400)
        }
    }
}
