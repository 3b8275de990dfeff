import Foundation

/// The parts of a `ws://` or `wss://` URL that opening a socket needs.
struct WebSocketURL: Hashable, Sendable {
    var secure: Bool
    /// The host to connect to, without IPv6 brackets.
    var host: String
    var port: Int
    /// Path and query as the request line carries them (`/ws/chat?room=1`).
    var target: String
    /// The `Host` header: the host (IPv6 in brackets), with the port when the URL names one.
    var hostHeader: String

    /// Nil unless `text` is a ws:// or wss:// URL with a host and a valid port. With
    /// `placeholdersAllowed`, `${name}` placeholders are taken as filled (config-time checks).
    init?(_ text: String, placeholdersAllowed: Bool = false) {
        let filled = placeholdersAllowed ? Template.fill(text, Dictionary(Template.names(in: text).map { ($0, "x") }, uniquingKeysWith: { a, _ in a })) : text
        guard let c = URLComponents(string: filled), let scheme = c.scheme?.lowercased(), scheme == "ws" || scheme == "wss",
              let written = c.host, !written.isEmpty else { return nil }
        secure = scheme == "wss"
        if let p = c.port {
            guard (1...65535).contains(p) else { return nil }
            port = p
        } else {
            port = secure ? 443 : 80
        }
        host = written.hasPrefix("[") && written.hasSuffix("]") ? String(written.dropFirst().dropLast()) : written
        let path = c.percentEncodedPath.isEmpty ? "/" : c.percentEncodedPath
        target = path + (c.percentEncodedQuery.map { "?\($0)" } ?? "")
        hostHeader = (host.contains(":") ? "[\(host)]" : host) + (c.port.map { ":\($0)" } ?? "")
    }
}
