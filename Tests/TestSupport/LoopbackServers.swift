import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// Real sockets on 127.0.0.1 that misbehave in the ways probes must survive.
public enum LoopbackServers {
    /// A port with nothing listening: connecting is refused at once.
    public static func refusedPort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress!.port!
        try channel.close().wait()
        return port
    }
}

/// Accepts connections and never answers (and never closes them) until stopped.
public final class HangingServer: Sendable {
    public let port: Int
    private let channel: any Channel

    public init() throws {
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .childChannelInitializer { channel in channel.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress!.port!
    }

    public func stop() { try? channel.close().wait() }
}

/// Answers every connection with the same raw HTTP response once the request's head has
/// arrived, optionally after a delay, then closes. For bodies a real service would not send.
public final class CannedHTTPServer: Sendable {
    public let port: Int
    private let channel: any Channel
    private let counter = Counter()

    /// How many requests it has answered: what a test counts polls by.
    public var requests: Int { counter.value.load(ordering: .relaxed) }

    /// - Parameter lengthless: send no Content-Length: the body ends when the connection closes.
    public init(status: Int = 200, headers: [String: String] = ["Content-Type": "application/json"], body: String, delay: TimeAmount = .zero,
                lengthless: Bool = false) throws {
        var head = "HTTP/1.1 \(status) Canned\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if !lengthless { head += "Content-Length: \(body.utf8.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        let response = head + body
        let counter = self.counter
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { ch in
                ch.pipeline.addHandler(CannedResponder(response: response, delay: delay, counter: counter))
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress!.port!
    }

    public var url: String { "http://127.0.0.1:\(port)/" }

    public func stop() { try? channel.close().wait() }
}

/// Requests answered, shared by a server's responders.
final class Counter: Sendable {
    let value = Atomic(0)
}

final class CannedResponder: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let response: String
    let delay: TimeAmount
    let counter: Counter

    init(response: String, delay: TimeAmount, counter: Counter = Counter()) {
        self.response = response
        self.delay = delay
        self.counter = counter
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard buffer.readableBytesView.firstRange(of: Array("\r\n\r\n".utf8)) != nil else { return }
        counter.value.add(1, ordering: .relaxed)
        let channel = context.channel
        let bytes = channel.allocator.buffer(string: response)
        channel.eventLoop.scheduleTask(in: delay) {
            channel.writeAndFlush(bytes).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
