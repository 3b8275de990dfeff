import Foundation
import Hummingbird

extension Request {
    /// The body decoded as JSON of type `T`; nil when it is empty, larger than 64 KiB or not that shape.
    mutating func jsonBody<T: Decodable>(_ type: T.Type) async -> T? {
        guard let buffer = try? await collectBody(upTo: 64 * 1024), buffer.readableBytes > 0 else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(String(buffer: buffer).utf8))
    }
}
