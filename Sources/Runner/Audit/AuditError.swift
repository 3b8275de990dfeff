/// The audit log could not be read or written.
public struct AuditError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `audit log warroom-audit.jsonl: cannot lock it: …`.
    public var description: String { "audit log \(path): \(reason)" }
}
