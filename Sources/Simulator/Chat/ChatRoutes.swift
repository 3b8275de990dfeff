import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOWebSocket

/// The backend's chat socket, `GET /ws/chat`.
///
/// Each `{"type":"chat","message":…}` the client sends is answered by the five agent events of
/// an `AgentRun`, 100–300 ms apart. Anything else gets `{"type":"error","detail":…}`.
///
/// Refusals: hummingbird-websocket can only refuse an upgrade with a bare 400, so a refused
/// client is upgraded and then closed, with close code 1008 (policy violation) when the token is
/// missing or unknown and 1011 (server error) when the backend is offline, the reason saying
/// which. A plain GET without an upgrade gets the HTTP status instead: 503, 401, or 426 when the
/// client would be admitted.
struct ChatRoutes: Sendable {
    let world: StagingWorld
    let sessions: SessionTokens
    let faults: FaultTable

    private struct ChatMessage: Decodable {
        let type: String
        let message: String?
    }

    /// The plain-HTTP answer on the socket's path.
    func register(on router: Router<StagingRequestContext>) {
        router.get("/ws/chat") { request, _ in
            switch ChatAdmission(request, world: world, sessions: sessions) {
            case .backendOffline:
                Response.detail(Self.offlineReason, status: .serviceUnavailable)
            case .unauthorized:
                Response.detail(Self.unauthorizedReason, status: .unauthorized)
            case .admitted:
                Response.detail("Connect with a WebSocket upgrade", status: .upgradeRequired)
            }
        }
    }

    /// The socket itself.
    func register(on router: Router<BasicWebSocketRequestContext>) {
        router.ws("/ws/chat") { inbound, outbound, context in
            if faults.fault(on: "/ws/chat") == .hugeFrame {
                // One text frame of 10 MB, as a broken or hostile server might send.
                try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: FaultBodies.hugeFrame)))
                for try await _ in inbound {}
                return
            }
            switch ChatAdmission(context.request, world: world, sessions: sessions) {
            case .backendOffline:
                try await Task.sleep(for: Self.refusalDelay)
                try await outbound.close(.unexpectedServerError, reason: Self.offlineReason)
            case .unauthorized:
                try await Task.sleep(for: Self.refusalDelay)
                try await outbound.close(.policyViolation, reason: Self.unauthorizedReason)
            case .admitted:
                for try await message in inbound.messages(maxSize: 64 * 1024) {
                    try await answer(message, on: outbound)
                }
            }
        }
    }

    /// How long a refused client is kept before the close frame. A close frame that arrives in the
    /// same read as the 101 response can be lost by the NIO-based WebSocket client
    /// (HummingbirdWSClient), which then hangs; a short pause puts it in a read of its own.
    private static let refusalDelay = Duration.milliseconds(100)

    private static let offlineReason = "Chat unavailable: backend offline"
    private static let unauthorizedReason = "Missing or unknown session token: log in with POST /auth/login"

    private func answer(_ message: WebSocketMessage, on outbound: WebSocketOutboundWriter) async throws {
        guard case .text(let text) = message,
              let chat = try? JSONDecoder().decode(ChatMessage.self, from: Data(text.utf8)),
              chat.type == "chat", let question = chat.message, !question.isEmpty
        else {
            let error: JSON = ["type": "error", "detail": "Expected {\"type\":\"chat\",\"message\":\"…\"}"]
            try await outbound.write(.text(error.rendered))
            return
        }
        for (index, event) in AgentRun(message: question).events.enumerated() {
            if index > 0 {
                try await Task.sleep(for: .milliseconds(Int.random(in: 100...300)))
            }
            try await outbound.write(.text(event.rendered))
        }
    }
}
