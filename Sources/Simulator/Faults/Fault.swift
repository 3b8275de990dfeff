/// A way one endpoint of the simulated staging can misbehave, chosen per path, so that a
/// console can be watched while what it polls fails in the worst ways a real server can.
///
/// Contract: every fault but `hugeFrame` applies to plain HTTP requests on its path;
/// `hugeFrame` applies to the WebSocket on its path. A fault stays until it is cleared or
/// replaced; clearing `hang` or `trickle` lets go of the requests already held.
public enum Fault: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// Accept the request and never answer.
    case hang
    /// Send the status line and headers at once, then the body one byte a second.
    case trickle
    /// Reset the connection (TCP RST) as soon as the request arrives.
    case reset
    /// Send headers announcing a body, then close the connection without it.
    case closeAfterHeaders = "close-after-headers"
    /// HTTP 200 with a 50 MB JSON body.
    case hugeBody = "huge-body"
    /// HTTP 200 whose JSON body holds bytes that are not UTF-8.
    case invalidUTF8 = "invalid-utf8"
    /// HTTP 200 with a JSON body nested 10,000 levels deep.
    case deepJSON = "deep-json"
    /// HTTP 503 whose JSON error detail carries terminal escape sequences: an OSC 52
    /// clipboard write, an OSC 0 window title, a CSI screen clear and cursor moves.
    case escapes
    /// HTTP 200 whose headers carry the same escape sequences, raw.
    case escapeHeaders = "escape-headers"
    /// HTTP 200 whose body says the service is unhealthy.
    case unhealthy200 = "unhealthy-200"
    /// A WebSocket that, once open, sends one 10 MB text frame.
    case hugeFrame = "huge-frame"

    public var description: String { rawValue }

    /// What the fault does, for the index and `--help`.
    public var summary: String {
        switch self {
        case .hang: "accept and never answer"
        case .trickle: "headers at once, then the body one byte a second"
        case .reset: "reset the connection (RST)"
        case .closeAfterHeaders: "headers announcing a body, then close"
        case .hugeBody: "HTTP 200 with a 50 MB body"
        case .invalidUTF8: "HTTP 200 with bytes that are not UTF-8"
        case .deepJSON: "HTTP 200 with JSON nested 10,000 levels deep"
        case .escapes: "HTTP 503 whose error detail carries escape sequences (OSC 52, OSC 0, CSI clear, cursor moves)"
        case .escapeHeaders: "HTTP 200 whose headers carry the same escape sequences, raw"
        case .unhealthy200: "HTTP 200 whose body says unhealthy"
        case .hugeFrame: "WebSocket: one 10 MB frame once open"
        }
    }

    /// Whether the fault belongs on a WebSocket path rather than plain HTTP.
    public var isWebSocket: Bool { self == .hugeFrame }

    /// The size of the `hugeBody` body and of the `hugeFrame` frame.
    public static let hugeBodyBytes = 50 << 20
    public static let hugeFrameBytes = 10 << 20
    /// How deep `deepJSON` nests.
    public static let deepJSONLevels = 10_000
    /// The body length `trickle` and `closeAfterHeaders` announce.
    public static let announcedBytes = 600
}
