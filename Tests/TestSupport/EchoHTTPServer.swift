import Foundation
import NIOCore
import NIOPosix

/// Answers every request with 200 and a JSON body echoing the request line and headers
/// (`{"request": "GET /x HTTP/1.1", "headers": {"authorization": "…"}}`), so tests can see
/// what a probe really sent.
public final class EchoHTTPServer: Sendable {
    public let port: Int
    private let channel: any Channel

    public init() throws {
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { ch in ch.pipeline.addHandler(EchoResponder()) }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress!.port!
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    public func stop() { try? channel.close().wait() }
}

final class EchoResponder: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let text = String(buffer: unwrapInboundIn(data))
        guard let end = text.range(of: "\r\n\r\n") else { return }
        let lines = text[..<end.lowerBound].split(separator: "\r\n").map(String.init)
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let object: [String: Any] = ["request": lines.first ?? "", "headers": headers, "token": "tok-\(lines.first?.count ?? 0)"]
        let body = String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
        let response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let channel = context.channel
        channel.writeAndFlush(channel.allocator.buffer(string: response)).whenComplete { _ in channel.close(promise: nil) }
    }
}
