import Foundation

/// A compiled regular expression (NSRegularExpression syntax), equal to another when written
/// the same.
public struct LogPattern: Hashable, Sendable {
    public let source: String
    let regex: NSRegularExpression

    /// Nil when `source` is not a valid regular expression.
    public init?(_ source: String) {
        guard let regex = try? NSRegularExpression(pattern: source) else { return nil }
        self.source = source
        self.regex = regex
    }

    /// How many capture groups the pattern has.
    var groupCount: Int { regex.numberOfCaptureGroups }

    /// The texts of group 0 (the whole match) through the last group for the first match in
    /// `line`; a group that took no part is empty. Nil when the pattern does not match.
    func groups(in line: String) -> [String]? {
        let range = NSRange(line.startIndex..., in: line)
        guard let m = regex.firstMatch(in: line, range: range) else { return nil }
        return (0..<m.numberOfRanges).map { i in
            Range(m.range(at: i), in: line).map { String(line[$0]) } ?? ""
        }
    }

    /// Whether the pattern matches somewhere in `text`.
    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Whether the pattern matches all of `text`, from its first character to its last: `^[a-z]+$`
    /// refuses `abc` followed by a newline, which a search would accept.
    public func matchesWhole(_ text: String) -> Bool {
        guard let whole = try? NSRegularExpression(pattern: "\\A(?:\(source))\\z") else { return false }
        return whole.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    public static func == (a: LogPattern, b: LogPattern) -> Bool { a.source == b.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
