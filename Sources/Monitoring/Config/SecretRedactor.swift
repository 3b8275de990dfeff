import Foundation

/// Hides values that came from the environment (`${TOKEN}`) wherever text is shown or logged.
///
/// Contract: `redact` replaces every occurrence of every secret with `•••` (`***` in ASCII
/// mode is the caller's concern), longest secrets first so one never leaks part of another.
public struct SecretRedactor: Hashable, Sendable {
    public private(set) var secrets: [String]

    public init(_ secrets: some Sequence<String>) {
        self.secrets = Set(secrets).filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    public static let none = SecretRedactor([])

    public func redact(_ text: String, mask: String = "•••") -> String {
        guard !secrets.isEmpty else { return text }
        var out = text
        for s in secrets where out.contains(s) {
            out = out.replacingOccurrences(of: s, with: mask)
        }
        return out
    }
}
