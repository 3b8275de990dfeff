import Monitoring

extension AuditRecord {
    /// The record as the audit file holds it: one canonical JSON line, `hash` included, without
    /// the newline.
    public var line: String { JSONValue.object(json).canonicalText }
}
