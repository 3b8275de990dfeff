import Foundation

/// ISO 8601 times as logs and endpoints write them.
enum ISOTime {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `2026-11-25T16:47:16Z`, `2026-11-25T16:47:16.123Z`, `…+02:00`; nil for anything else.
    static func parse(_ text: String) -> Date? {
        try? style.parse(text.trimmingCharacters(in: .whitespaces))
    }

    /// The ISO 8601 time a log line starts with (`2026-11-25T16:47:16.123Z INFO …`, or with a
    /// space between date and time), if any.
    static func leading(_ line: String) -> Date? {
        guard line.first?.isNumber == true else { return nil }
        let words = line.prefix(48).split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard let first = words.first else { return nil }
        if first.count == 10, words.count > 1 { return parse("\(first)T\(words[1])") }
        return parse(String(first))
    }
}
