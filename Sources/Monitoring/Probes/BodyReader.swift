import AsyncHTTPClient
import NIOCore

/// Reads an HTTP response body as it streams, against a size limit.
///
/// Contract: never holds more than `limit` bytes; ends when the body does, when the
/// connection fails, or when its task is cancelled — which is how a check's time runs out
/// (`CheckScheduler.runGuarded`) — saying how many bytes had arrived.
enum BodyReader {
    enum Result: Sendable {
        case complete(ByteBuffer)
        case tooLarge
        /// Time ran out; this many bytes had arrived.
        case stalled(received: Int)
        /// The connection failed (closed, reset) after this many bytes.
        case failed(any Error, received: Int)
    }

    static func read(_ body: HTTPClientResponse.Body, limit: Int) async -> Result {
        var bytes = ByteBuffer()
        do {
            for try await chunk in body {
                guard bytes.readableBytes + chunk.readableBytes <= limit else { return .tooLarge }
                bytes.writeImmutableBuffer(chunk)
            }
        } catch {
            return Task.isCancelled ? .stalled(received: bytes.readableBytes) : .failed(error, received: bytes.readableBytes)
        }
        return Task.isCancelled ? .stalled(received: bytes.readableBytes) : .complete(bytes)
    }
}
