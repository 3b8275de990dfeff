import Foundation

/// A path into a JSON document: `a.b[0].c`, optionally starting with `$.`.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    public enum Part: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public let parts: [Part]
    public let description: String

    /// Nil when the text is not a path (empty parts, unclosed or non-numeric brackets).
    public init?(_ text: String) {
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        if t.hasPrefix("$.") { t = t.dropFirst(2) } else if t == "$" { t = "" }
        var parts: [Part] = []
        if !t.isEmpty {
            for segment in t.split(separator: ".", omittingEmptySubsequences: false) {
                var s = segment
                guard let firstBracket = s.firstIndex(of: "[") else {
                    guard !s.isEmpty else { return nil }
                    parts.append(.key(String(s)))
                    continue
                }
                let key = s[..<firstBracket]
                if !key.isEmpty { parts.append(.key(String(key))) }
                s = s[firstBracket...]
                while s.hasPrefix("[") {
                    guard let close = s.firstIndex(of: "]"), let i = Int(s[s.index(after: s.startIndex)..<close]) else { return nil }
                    parts.append(.index(i))
                    s = s[s.index(after: close)...]
                }
                guard s.isEmpty else { return nil }
            }
        }
        self.parts = parts
        self.description = text
    }
}
