import Foundation

/// One record of the runbook audit log as the store keeps a copy of it: the record's own
/// JSON line (as written to the audit file, hash included) and the fields to find it by.
///
/// Contract: the audit file is the record of truth (its hash chain is what `warroom audit
/// verify` checks); the store's copy lets a report or a later console find the runs. A
/// record is kept once, by its hash. Audit records are never pruned.
public struct AuditEntry: Hashable, Sendable {
    public var seq: Int
    public var runID: UUID
    /// `started`, `finished` or `interrupted`.
    public var kind: String
    public var at: Date
    public var hash: String
    public var line: String

    public init(seq: Int, runID: UUID, kind: String, at: Date, hash: String, line: String) {
        self.seq = seq
        self.runID = runID
        self.kind = kind
        self.at = at
        self.hash = hash
        self.line = line
    }
}
