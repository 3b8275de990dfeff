import Foundation

/// A WebSocket check: open the socket (with headers), optionally send one message, and wait
/// for named events to arrive in order.
///
/// Contract: with no `expectEvents` the check passes once the upgrade succeeds (and `send`, if
/// any, is written). Each received text message that is JSON names an event by the string at
/// `eventField`; messages that are not JSON or lack the field count as no event.
public struct WebSocketCheckSpec: Hashable, Sendable {
    /// `ws://` or `wss://`; may hold `${name}` placeholders filled at run time.
    public var url: String
    public var headers: [HTTPCheckSpec.Header]
    /// A text message sent once the socket is open.
    public var send: String?
    /// Event names that must arrive in this order; other messages in between are ignored.
    public var expectEvents: [String]
    /// Where a message names its event (`type`, or a path such as `event.name`).
    public var eventField: JSONPath

    public init(url: String, headers: [HTTPCheckSpec.Header] = [], send: String? = nil, expectEvents: [String] = [], eventField: JSONPath = WebSocketCheckSpec.defaultEventField) {
        self.url = url
        self.headers = headers
        self.send = send
        self.expectEvents = expectEvents
        self.eventField = eventField
    }

    public static let defaultEventField = JSONPath("type")!

    init(reading r: ConfigReader) throws {
        let urlText = try r.requiredString("url")
        if let problem = EndpointURL.problem(urlText, schemes: ["ws", "wss"], placeholdersAllowed: true) { throw r.error(at: "url", problem) }
        guard WebSocketURL(urlText, placeholdersAllowed: true) != nil else {
            throw r.error(at: "url", "expected a ws:// or wss:// URL, found '\(Sanitize.line(urlText, limit: 120))'")
        }
        self.url = urlText
        self.headers = try HTTPCheckSpec.Header.list(r.child("headers"))
        self.send = try r.string("send")
        self.expectEvents = try r.child("expect_events")?.listOrSingle().map { item in
            let name = try item.string()
            if name.trimmingCharacters(in: .whitespaces).isEmpty { throw item.error("an event name must not be empty") }
            return name
        } ?? []
        if let field = try r.child("event_field") {
            let text = try field.string()
            guard let path = JSONPath(text), !path.parts.isEmpty else {
                throw field.error("'\(text)' is not a JSON field such as type or event.name")
            }
            self.eventField = path
        } else {
            self.eventField = WebSocketCheckSpec.defaultEventField
        }
    }
}
