/// What became of an audit record the runner made: in the file, or held until it can be.
public enum AuditWrite: Hashable, Sendable {
    /// Written to the audit log, as given.
    case written(AuditRecord)
    /// Not in the audit log yet: the runner holds it and tries again (see `StepRunner`). The
    /// record is chained as writing it now would, so it can be named and copied meanwhile; its
    /// `seq` and hashes change if other records reach the file first.
    case held(AuditRecord, because: AuditError)
}
