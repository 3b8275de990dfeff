import AsyncHTTPClient
import Foundation
import HummingbirdWSClient
import Logging
import Simulator
import Synchronization
import TestSupport

/// An HTTP response as the tests look at it.
struct HTTPAnswer: Sendable {
    let status: Int
    let text: String
    var json: JSONBody { JSONBody(text: text) }
}

/// Talks to one running simulator over loopback, the way the console's probes do.
struct StagingClient: Sendable {
    let staging: SimulatedStaging

    func get(_ path: String, headers: [(String, String)] = []) async throws -> HTTPAnswer {
        try await send("GET", path, headers: headers)
    }

    func post(_ path: String, json: String? = nil) async throws -> HTTPAnswer {
        try await send("POST", path, body: json)
    }

    func put(_ path: String, json: String? = nil) async throws -> HTTPAnswer {
        try await send("PUT", path, body: json)
    }

    /// Logs in and returns the session token (fails the test's expectations if login is refused).
    func login(username: String = "oncall", password: String = "staging") async throws -> String? {
        try await post("/auth/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#).json["token"].string
    }

    private func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: staging.baseURL + path)
        request.method = .init(rawValue: method)
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(Array(body.utf8))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return HTTPAnswer(status: Int(response.status.code), text: String(buffer: bytes))
    }

    /// What a chat socket session saw: the text messages received and how the server closed it.
    struct ChatSession: Sendable {
        let messages: [String]
        /// The server's close frame, if it sent one.
        let close: WebSocketCloseFrame?
    }

    /// Opens `/ws/chat` (with `query` appended, and `bearer` as `Authorization: Bearer …`), sends
    /// each of `send`, and collects text messages until `expecting` arrived or the server closed
    /// the socket. Gives up after 10 s, so a socket that never closes fails the test instead of hanging it.
    func chat(query: String = "", bearer: String? = nil, send: [String] = [], expecting: Int = 0) async throws -> ChatSession {
        try await withThrowingTaskGroup(of: ChatSession?.self) { group in
            group.addTask { try await openChat(query: query, bearer: bearer, send: send, expecting: expecting) }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw ChatTimeout() }
            return first
        }
    }

    struct ChatTimeout: Error {}

    private func openChat(query: String, bearer: String?, send: [String], expecting: Int) async throws -> ChatSession {
        let received = Mutex<[String]>([])
        let url = staging.baseURL.replacingOccurrences(of: "http://", with: "ws://") + "/ws/chat" + query
        var configuration = WebSocketClientConfiguration()
        if let bearer {
            configuration.additionalHeaders[.authorization] = "Bearer \(bearer)"
        }
        let close = try await WebSocketClient.connect(
            url: url,
            configuration: configuration,
            logger: Logger(label: "simulator-tests")
        ) { inbound, outbound, _ in
            for message in send {
                try await outbound.write(.text(message))
            }
            guard expecting > 0 else {
                for try await _ in inbound.messages(maxSize: 1 << 16) {}
                return
            }
            for try await message in inbound.messages(maxSize: 1 << 16) {
                guard case .text(let text) = message else { continue }
                let count = received.withLock { $0.append(text); return $0.count }
                if count == expecting { break }
            }
        }
        return ChatSession(messages: received.withLock { $0 }, close: close)
    }
}

/// Runs `body` against a fresh simulator on a free loopback port, then stops it and removes its logs.
/// With a `clock`, simulated time moves only when the test advances it.
func withStaging<T: Sendable>(
    _ scenario: Scenario = .outage,
    timeScale: Double = 1,
    clock: ManualClock? = nil,
    _ body: (SimulatedStaging, StagingClient) async throws -> T
) async throws -> T {
    let logDirectory = TempFiles.folder("warroom-sim-test").path
    let options = SimulatorOptions(scenario: scenario, timeScale: timeScale, logDirectory: logDirectory)
    let staging = if let clock {
        try await SimulatedStaging.start(options, clock: clock)
    } else {
        try await SimulatedStaging.start(options)
    }
    defer { try? FileManager.default.removeItem(atPath: logDirectory) }
    do {
        let result = try await body(staging, StagingClient(staging: staging))
        await staging.stop()
        return result
    } catch {
        await staging.stop()
        throw error
    }
}

/// Polls `condition` every 20 ms until it holds or `seconds` (real time) have passed; returns whether it held.
func eventually(within seconds: Double = 5, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
