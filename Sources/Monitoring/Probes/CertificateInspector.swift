import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization
import X509

/// Reads the certificate a TLS server presents, with a handshake that verifies nothing, so a
/// check can report when it expires and say plainly why verification failed.
///
/// Contract: `inspect` returns within `timeout` (nil when no handshake completes) and never
/// throws; `cached` answers from certificates read within `maxAge`, else reads anew. Safe from
/// any thread.
public final class CertificateInspector: Sendable {
    let group: any EventLoopGroup
    let maxAge: Duration
    private let cache = Mutex<[String: (ServerCertificate, ContinuousClock.Instant)]>([:])

    public init(group: any EventLoopGroup, maxAge: Duration = .seconds(600)) {
        self.group = group
        self.maxAge = maxAge
    }

    /// The certificate of `host:port`, from the cache when it was read recently.
    public func cached(host: String, port: Int, timeout: Seconds) async -> ServerCertificate? {
        let key = "\(host):\(port)"
        if let (certificate, at) = cache.withLock({ $0[key] }), ContinuousClock.now - at < maxAge {
            return certificate
        }
        let certificate = await inspect(host: host, port: port, timeout: timeout)
        if let certificate { cache.withLock { $0[key] = (certificate, .now) } }
        return certificate
    }

    /// The certificate of `host:port`, read now.
    public func inspect(host: String, port: Int, timeout: Seconds) async -> ServerCertificate? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        guard let context = try? NIOSSLContext(configuration: configuration) else { return nil }
        let serverName = (try? SocketAddress(ipAddress: host, port: port)) == nil ? host : nil
        let loop = group.next()
        let handshake = loop.makePromise(of: Void.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(TimeAmount(timeout.duration))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: serverName))
                        try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(done: handshake))
                    }
                }
                .connect(host: host, port: port)
                .get()
        } catch {
            handshake.fail(error)
            return nil
        }
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout.duration)) { channel.close(promise: nil) }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        do {
            try await handshake.futureResult.get()
            guard let peer = try await channel.nioSSL_peerCertificate().get() else { return nil }
            let certificate = try Certificate(derEncoded: try peer.toDERBytes())
            return ServerCertificate(subject: certificate.subject.description, notValidBefore: certificate.notValidBefore,
                                     notValidAfter: certificate.notValidAfter, selfSigned: certificate.subject == certificate.issuer)
        } catch {
            return nil
        }
    }

    /// Completes `done` when the handshake completes, fails it when the channel goes first.
    private final class HandshakeWatcher: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let done: EventLoopPromise<Void>

        init(done: EventLoopPromise<Void>) { self.done = done }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case TLSUserEvent.handshakeCompleted? = event as? TLSUserEvent { done.succeed() }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            done.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            done.fail(ChannelError.eof)
            context.fireChannelInactive()
        }
    }
}
