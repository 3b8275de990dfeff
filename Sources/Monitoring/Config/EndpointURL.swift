import Foundation

/// Checks, at load, a URL that a check, a startup source or a command will connect to, so
/// that nothing a config says can reach a library's trap (a port beyond 65535 crashes NIO's
/// socket address) or fail only at the first poll.
///
/// Contract: `problem(…)` is nil when `text` parses as a URL of one of `schemes` with a
/// non-empty host and, when written, a port in 1…65535; otherwise it is the message for the
/// config error. With `placeholdersAllowed`, `${name}` placeholders are taken as filled.
public enum EndpointURL {
    public static func problem(_ text: String, schemes: [String], placeholdersAllowed: Bool = false) -> String? {
        let filled = placeholdersAllowed ? Template.fill(text, Dictionary(Template.names(in: text).map { ($0, "x") }, uniquingKeysWith: { a, _ in a })) : text
        let spelled = (schemes.first?.hasPrefix("h") == true ? "an " : "a ") + schemes.map { "\($0)://" }.joined(separator: " or ")
        let shown = Sanitize.line(text, limit: 120)
        guard let c = URLComponents(string: filled), URL(string: filled) != nil, let scheme = c.scheme?.lowercased() else {
            return "expected \(spelled) URL, found '\(shown)'"
        }
        guard schemes.contains(scheme) else { return "expected \(spelled) URL, found '\(shown)'" }
        guard let host = c.host, !host.isEmpty else { return "'\(shown)' has no host" }
        if let port = c.port, !(1...65535).contains(port) {
            return "port \(port) of '\(shown)' is out of range (1-65535)"
        }
        if c.port == nil, let written = writtenPort(filled), !written.isEmpty {
            return "port '\(Sanitize.line(written, limit: 20))' of '\(shown)' is not a number in 1-65535"
        }
        return nil
    }

    /// The text after the host's `:`, when the authority has one (URLComponents gives no port
    /// for some it cannot read).
    static func writtenPort(_ text: String) -> String? {
        guard let start = text.range(of: "://")?.upperBound else { return nil }
        let authority = text[start...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@").last ?? authority[...]
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return nil }
            let rest = hostPort[hostPort.index(after: close)...]
            return rest.hasPrefix(":") ? String(rest.dropFirst()) : nil
        }
        guard let colon = hostPort.lastIndex(of: ":") else { return nil }
        return String(hostPort[hostPort.index(after: colon)...])
    }
}
