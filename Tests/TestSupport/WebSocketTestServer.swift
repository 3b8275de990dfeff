import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization

/// A WebSocket server on 127.0.0.1 that plays a script: it sends the script's messages, then
/// closes or stays open, or refuses the upgrade with an HTTP status. Built on swift-nio
/// directly because hummingbird-websocket can only refuse an upgrade with a bare 400.
///
/// Contract: every request's headers and every message received are recorded for
/// assertions; `stop()` closes the listener and every connection it accepted.
public final class WebSocketTestServer: Sendable {
    public struct Script: Sendable {
        /// Text messages sent in order once the socket is open (after the client's first
        /// message when `waitForMessage`), `interval` apart.
        public var messages: [String]
        public var interval: TimeAmount
        public var waitForMessage: Bool
        /// The close frame sent after the messages; nil keeps the socket open.
        public var close: (code: UInt16, reason: String)?
        /// Refuses every upgrade with this HTTP status.
        public var refuseStatus: Int?
        /// Refuses with 401 unless the `Authorization` header is exactly this.
        public var requiredAuthorization: String?

        public init(messages: [String] = [], interval: TimeAmount = .milliseconds(20), waitForMessage: Bool = false,
                    close: (code: UInt16, reason: String)? = nil, refuseStatus: Int? = nil, requiredAuthorization: String? = nil) {
            self.messages = messages
            self.interval = interval
            self.waitForMessage = waitForMessage
            self.close = close
            self.refuseStatus = refuseStatus
            self.requiredAuthorization = requiredAuthorization
        }
    }

    public let port: Int
    private let channel: any Channel
    private let log: Log

    /// What the server has received; shared with the connections' handlers.
    final class Log: Sendable {
        let requests = Mutex<[HTTPRequestHead]>([])
        let messages = Mutex<[String]>([])
        let connections = Mutex<[any Channel]>([])
    }

    public init(_ script: Script) throws {
        let log = Log()
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                log.connections.withLock { $0.append(channel) }
                let upgrader = NIOWebSocketServerUpgrader(
                    shouldUpgrade: { channel, head in
                        log.requests.withLock { $0.append(head) }
                        return channel.eventLoop.makeSucceededFuture(WebSocketTestServer.admits(head, script) ? HTTPHeaders() : nil)
                    },
                    upgradePipelineHandler: { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            _ = channel.pipeline.syncOperations.removeHandler(name: Refusal.name)
                            try channel.pipeline.syncOperations.addHandler(ScriptPlayer(script: script, log: log))
                        }
                    }
                )
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                    try channel.pipeline.syncOperations.addHandler(Refusal(script: script), name: Refusal.name)
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress!.port!
        self.log = log
    }

    public var url: String { "ws://127.0.0.1:\(port)/ws" }

    /// The values of header `name` in every upgrade request, in arrival order.
    public func headerValues(_ name: String) -> [String] {
        log.requests.withLock { $0.flatMap { $0.headers[name] } }
    }

    /// The text messages clients sent, in arrival order.
    public var receivedMessages: [String] { log.messages.withLock { $0 } }

    public func stop() {
        try? channel.close().wait()
        for c in log.connections.withLock({ $0 }) { try? c.close().wait() }
    }

    static func admits(_ head: HTTPRequestHead, _ script: Script) -> Bool {
        if script.refuseStatus != nil { return false }
        if let required = script.requiredAuthorization { return head.headers["Authorization"] == [required] }
        return true
    }

    /// Answers a request that was not upgraded: the script's status, or 401, with a JSON body.
    /// Removed from the pipeline when the upgrade happens.
    final class Refusal: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        static let name = "refusal"
        let script: Script

        init(script: Script) { self.script = script }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            let status = HTTPResponseStatus(statusCode: script.refuseStatus ?? 401)
            let body = context.channel.allocator.buffer(string: #"{"detail":"refused by the test server"}"#)
            var headers = HTTPHeaders([("Content-Type", "application/json"), ("Connection", "close")])
            headers.add(name: "Content-Length", value: "\(body.readableBytes)")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// Plays the script on an upgraded connection and records what the client sends.
    final class ScriptPlayer: ChannelInboundHandler {
        typealias InboundIn = WebSocketFrame
        typealias OutboundOut = WebSocketFrame
        let script: Script
        let log: Log
        private var playing = false

        init(script: Script, log: Log) {
            self.script = script
            self.log = log
        }

        func handlerAdded(context: ChannelHandlerContext) {
            if !script.waitForMessage { play(on: context.channel) }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            switch frame.opcode {
            case .text:
                log.messages.withLock { $0.append(String(buffer: frame.unmaskedData)) }
                if script.waitForMessage { play(on: context.channel) }
            case .connectionClose:
                context.close(promise: nil)
            default:
                break
            }
        }

        private func play(on channel: any Channel) {
            guard !playing else { return }
            playing = true
            for (i, text) in script.messages.enumerated() {
                let frame = WebSocketFrame(fin: true, opcode: .text, data: channel.allocator.buffer(string: text))
                channel.eventLoop.scheduleTask(in: script.interval * Int64(i + 1)) { channel.writeAndFlush(frame, promise: nil) }
            }
            guard let close = script.close else { return }
            var data = channel.allocator.buffer(capacity: 2 + close.reason.utf8.count)
            data.writeInteger(close.code)
            data.writeString(close.reason)
            let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
            channel.eventLoop.scheduleTask(in: script.interval * Int64(script.messages.count + 1)) {
                channel.writeAndFlush(frame).whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }
}
