import Foundation

/// One line of a log as the rules see it: its sanitized text and the time it carries.
struct LogLine: Equatable {
    var text: String
    var time: Date?

    /// Longest line kept, in bytes; the rest of a longer line is dropped.
    static let maxBytes = 16 << 10

    /// Reads a raw line. Plain: the text is the line, the time the ISO 8601 time it starts
    /// with. JSON lines: the text is the first of `messageFields` present, the time the `ts`,
    /// `time` or `timestamp` field (ISO 8601, or seconds or milliseconds since 1970); a line
    /// that is not a JSON object is read as plain text. Nil for a JSON object without a message.
    init?(raw: String, format: StartupLogSpec.Format, messageFields: [JSONPath]) {
        if format == .json, raw.first == "{", let object = try? JSONValue.parse(raw), case .object = object {
            guard let message = messageFields.lazy.compactMap({ object.value(at: $0)?.stringValue }).first else { return nil }
            text = Sanitize.line(message, limit: LogLine.maxBytes)
            time = ["ts", "time", "timestamp"].lazy.compactMap { object[$0].flatMap(LogLine.time(from:)) }.first
        } else {
            text = Sanitize.line(raw, limit: LogLine.maxBytes)
            time = ISOTime.leading(text)
        }
    }

    init(text: String, time: Date?) {
        self.text = text
        self.time = time
    }

    private static func time(from value: JSONValue) -> Date? {
        switch value {
        case .string(let s): return ISOTime.parse(s)
        case .number(let n) where n > 1e12: return Date(timeIntervalSince1970: n / 1000)
        case .number(let n) where n > 0: return Date(timeIntervalSince1970: n)
        default: return nil
        }
    }
}
