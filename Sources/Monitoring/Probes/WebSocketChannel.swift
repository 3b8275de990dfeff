import NIOCore
import NIOHTTP1
import NIOSSL
import NIOWebSocket

/// The channel pipeline of one WebSocket check: TLS when asked, the HTTP upgrade request, and
/// once upgraded the frames, all reporting to a `WebSocketSession`.
///
/// Contract: every path ends by closing the channel — the expected events arrived, the server
/// refused or closed, or an error — so the channel's close is the one signal a caller waits
/// for. A refusal's status and body are read (the upgrade handler only takes a 101 away).
enum WebSocketChannel {
    static let maxMessageBytes = 1 << 20

    static func install(on channel: any Channel, session: WebSocketSession, request: HTTPRequestHead, tls: NIOSSLContext?, serverName: String?) throws {
        let pipeline = channel.pipeline.syncOperations
        if let tls {
            try pipeline.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName))
        }
        let encoder = HTTPRequestEncoder()
        let decoder = ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .forwardBytes))
        let handshake = HandshakeHandler(session: session, request: request)
        let upgrader = NIOWebSocketClientUpgrader(maxFrameSize: maxMessageBytes) { channel, _ in
            session.upgraded()
            return channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                try pipeline.addHandler(NIOWebSocketFrameAggregator(minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1024, maxAccumulatedFrameSize: maxMessageBytes))
                try pipeline.addHandler(FrameHandler(session: session))
            }
        }
        let upgrade = NIOHTTPClientUpgradeHandler(upgraders: [upgrader], httpHandlers: [encoder, decoder, handshake]) { _ in }
        try pipeline.addHandlers([encoder, decoder, upgrade, handshake])
    }

    /// Why the channel failed, in words.
    static func reason(for error: any Error, timeout: Seconds) -> String {
        if let e = error as? NIOHTTPClientUpgradeError {
            switch e {
            case .responseProtocolNotFound: return "upgrade failed: the server did not switch to websocket"
            case .upgraderDeniedUpgrade: return "upgrade failed: wrong Sec-WebSocket-Accept"
            default: return "upgrade failed: invalid HTTP response"
            }
        }
        if error is HTTPParserError { return "upgrade failed: not an HTTP response" }
        if let e = error as? NIOWebSocketError, case .invalidFrameLength = e {
            return "the server sent a frame over the \(ByteCount.format(maxMessageBytes)) limit"
        }
        if let e = error as? NIOWebSocketFrameAggregator.Error, case .accumulatedFrameSizeIsTooLarge = e {
            return "the server sent a message over the \(ByteCount.format(maxMessageBytes)) limit"
        }
        if error is NIOWebSocketError || error is NIOWebSocketFrameAggregator.Error { return "protocol error: \(error)" }
        return TLSFailure.reason(for: error) ?? NetworkFailure.reason(for: error, timeout: timeout)
    }

    /// Sends the upgrade request when connected, and reads the answer when it is not a 101.
    final class HandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPClientResponsePart
        typealias OutboundOut = HTTPClientRequestPart

        let session: WebSocketSession
        let request: HTTPRequestHead

        init(session: WebSocketSession, request: HTTPRequestHead) {
            self.session = session
            self.request = request
        }

        func channelActive(context: ChannelHandlerContext) {
            context.write(wrapOutboundOut(.head(request)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): session.refusal(status: Int(head.status.code))
            case .body(let bytes): session.refusalBody(bytes)
            case .end:
                session.refusalEnded()
                context.close(promise: nil)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            session.end(.failed(WebSocketChannel.reason(for: error, timeout: session.timeout)))
            context.close(promise: nil)
        }
    }

    /// Sends the configured message, answers pings, and reads messages and the close frame.
    final class FrameHandler: ChannelInboundHandler {
        typealias InboundIn = WebSocketFrame
        typealias OutboundOut = WebSocketFrame

        let session: WebSocketSession

        init(session: WebSocketSession) { self.session = session }

        func handlerAdded(context: ChannelHandlerContext) {
            let channel = context.channel
            let sent = context.eventLoop.makePromise(of: Void.self)
            if let text = session.send {
                let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: context.channel.allocator.buffer(string: text))
                context.writeAndFlush(wrapOutboundOut(frame), promise: sent)
            } else {
                sent.succeed()
            }
            guard session.expectsNothing else { return }
            let session = self.session
            sent.futureResult.whenComplete { result in
                switch result {
                case .success: session.opened()
                case .failure(let error): session.end(.failed(WebSocketChannel.reason(for: error, timeout: session.timeout)))
                }
                WebSocketChannel.closeNormally(channel)
            }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            switch frame.opcode {
            case .text, .binary:
                let text = String(buffer: frame.unmaskedData)
                if session.received(text) { WebSocketChannel.closeNormally(context.channel) }
            case .ping:
                let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
                context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
            case .connectionClose:
                var data = frame.unmaskedData
                let code = data.readInteger(as: UInt16.self).map(Int.init)
                let reason = data.readString(length: data.readableBytes) ?? ""
                session.end(.closed(code: code, reason: reason))
                context.close(promise: nil)
            default:
                break
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            session.end(.failed(WebSocketChannel.reason(for: error, timeout: session.timeout)))
            context.close(promise: nil)
        }
    }

    /// Says goodbye with a 1000 close frame, then closes without waiting for the echo.
    static func closeNormally(_ channel: any Channel) {
        var data = channel.allocator.buffer(capacity: 2)
        data.writeInteger(UInt16(1000))
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data)
        channel.writeAndFlush(frame).whenComplete { _ in channel.close(promise: nil) }
    }
}
