import AsyncHTTPClient
import NIOCore
import Synchronization

/// Reads an HTTP response body as it streams, against a size limit and a deadline.
///
/// Contract: never holds more than `limit` bytes; returns by the deadline (plus the time the
/// client takes to notice its cancellation) whatever the server does, saying how many bytes
/// arrived when it stalled or failed. Leaving early cancels the body, and with it the request.
enum BodyReader {
    enum Result: Sendable {
        case complete(ByteBuffer)
        case tooLarge
        /// The deadline came first; this many bytes had arrived.
        case stalled(received: Int)
        /// The connection failed (closed, reset) after this many bytes.
        case failed(any Error, received: Int)
    }

    static func read(_ body: HTTPClientResponse.Body, limit: Int, until deadline: ContinuousClock.Instant) async -> Result {
        let received = Count()
        return await withTaskGroup(of: Result?.self) { group in
            group.addTask {
                var bytes = ByteBuffer()
                do {
                    for try await chunk in body {
                        guard bytes.readableBytes + chunk.readableBytes <= limit else { return .tooLarge }
                        bytes.writeImmutableBuffer(chunk)
                        received.value.store(bytes.readableBytes, ordering: .relaxed)
                    }
                    return .complete(bytes)
                } catch {
                    return Task.isCancelled ? nil : .failed(error, received: bytes.readableBytes)
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return Task.isCancelled ? nil : .stalled(received: received.value.load(ordering: .relaxed))
            }
            var first: Result?
            while first == nil, let next = await group.next() {
                first = next
            }
            group.cancelAll()
            return first ?? .stalled(received: received.value.load(ordering: .relaxed))
        }
    }

    /// Bytes received so far, shared by the reading and the waiting task.
    private final class Count: Sendable {
        let value = Atomic<Int>(0)
    }
}
